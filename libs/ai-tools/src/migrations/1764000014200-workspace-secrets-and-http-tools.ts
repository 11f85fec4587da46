import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Workspace secrets (values sealed under the master key, re-sealed by
 * crypto:rotate) and the HTTP tools a workspace registers, which name them.
 */
export class WorkspaceSecretsAndHttpTools1764000014200 extends SqlMigration {
  readonly name = 'WorkspaceSecretsAndHttpTools1764000014200';

  protected readonly upSql = `
    CREATE TABLE workspace_secrets (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      value_sealed text NOT NULL,
      version integer NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NULL,
      CONSTRAINT workspace_secrets_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT workspace_secrets_workspace_id_name_key UNIQUE (workspace_id, name),
      CONSTRAINT workspace_secrets_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('workspace_secrets')}
    -- crypto:rotate re-seals the values as keel_owner, in no workspace.
    CREATE POLICY workspace_secrets_key_rotation ON workspace_secrets FOR ALL TO keel_owner USING (true) WITH CHECK (true);

    CREATE TABLE ai_http_tools (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      version text NOT NULL,
      description text NOT NULL,
      input_schema jsonb NOT NULL,
      request jsonb NOT NULL,
      secrets text[] NOT NULL,
      annotations jsonb NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ai_http_tools_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT ai_http_tools_workspace_id_name_key UNIQUE (workspace_id, name),
      CONSTRAINT ai_http_tools_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('ai_http_tools')}
  `;

  protected readonly downSql = `DROP TABLE ai_http_tools; DROP TABLE workspace_secrets;`;
}
