import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * AI tools: the workspace policy's versions, executions and their steps (one
 * row per tool call, recorded once by (execution, step)), and the decision log.
 */
export class AiTools1764000014000 extends SqlMigration {
  readonly name = 'AiTools1764000014000';

  protected readonly upSql = `
    CREATE TABLE ai_policy_versions (
      workspace_id uuid NOT NULL,
      version integer NOT NULL,
      rules jsonb NOT NULL,
      budgets jsonb NOT NULL,
      content_hash text NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_policy_versions_pkey PRIMARY KEY (workspace_id, version),
      CONSTRAINT ai_policy_versions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_policy_versions')}

    CREATE TABLE ai_executions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      mode text NOT NULL,
      status text NOT NULL,
      requested_by_type text NOT NULL,
      requested_by_id uuid NOT NULL,
      requested_by_role text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL,
      CONSTRAINT ai_executions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT ai_executions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_executions')}

    CREATE TABLE ai_execution_steps (
      workspace_id uuid NOT NULL,
      execution_id uuid NOT NULL,
      step integer NOT NULL,
      kind text NOT NULL,
      tool text NOT NULL,
      tool_version text NULL,
      input jsonb NULL,
      input_sha256 text NOT NULL,
      decision_id uuid NULL,
      outcome text NOT NULL,
      result jsonb NULL,
      error jsonb NULL,
      writes integer NOT NULL DEFAULT 0,
      destructive integer NOT NULL DEFAULT 0,
      units integer NOT NULL DEFAULT 0,
      latency_ms integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_execution_steps_pkey PRIMARY KEY (workspace_id, execution_id, step),
      CONSTRAINT ai_execution_steps_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT ai_execution_steps_workspace_id_execution_id_fkey FOREIGN KEY (workspace_id, execution_id)
        REFERENCES ai_executions (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX ai_execution_steps_workspace_id_created_at_idx ON ai_execution_steps (workspace_id, created_at);
    ${tenantIsolationSql('ai_execution_steps')}

    CREATE TABLE ai_decisions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      execution_id uuid NULL,
      step integer NULL,
      tool text NOT NULL,
      input_sha256 text NOT NULL,
      principal jsonb NOT NULL,
      policy_version integer NULL,
      effect text NOT NULL,
      matched_rules text[] NOT NULL,
      reason text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_decisions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT ai_decisions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_decisions')}
  `;

  protected readonly downSql = `
    DROP TABLE ai_decisions; DROP TABLE ai_execution_steps; DROP TABLE ai_executions; DROP TABLE ai_policy_versions;
  `;
}
