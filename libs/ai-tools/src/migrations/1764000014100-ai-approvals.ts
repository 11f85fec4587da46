import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Approvals of AI tool calls, each bound to one call (execution, step, tool,
 * version, input hash) and the policy version that asked for it; and the
 * calls an execution was given, so it can resume where it paused.
 */
export class AiApprovals1764000014100 extends SqlMigration {
  readonly name = 'AiApprovals1764000014100';

  protected readonly upSql = `
    ALTER TABLE ai_executions ADD COLUMN calls jsonb NOT NULL DEFAULT '[]'::jsonb;
    ALTER TABLE ai_executions ALTER COLUMN calls DROP DEFAULT;

    CREATE TABLE ai_approvals (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      execution_id uuid NOT NULL,
      step integer NOT NULL,
      tool text NOT NULL,
      tool_version text NOT NULL,
      input_sha256 text NOT NULL,
      call_sha256 text NOT NULL,
      policy_version integer NOT NULL,
      decision_id uuid NOT NULL,
      status text NOT NULL,
      requested_by_type text NOT NULL,
      requested_by_id uuid NOT NULL,
      decided_by_type text NULL,
      decided_by_id uuid NULL,
      decided_at timestamptz NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_approvals_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT ai_approvals_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT ai_approvals_workspace_id_execution_id_fkey FOREIGN KEY (workspace_id, execution_id)
        REFERENCES ai_executions (workspace_id, id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_approvals')}
  `;

  protected readonly downSql = `DROP TABLE ai_approvals; ALTER TABLE ai_executions DROP COLUMN calls;`;
}
