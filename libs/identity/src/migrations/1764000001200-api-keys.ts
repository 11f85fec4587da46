import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/** After the workspaces table (tenancy), which API keys belong to. */
export class ApiKeys1764000001200 extends SqlMigration {
  readonly name = 'ApiKeys1764000001200';

  protected readonly upSql = `
    CREATE TABLE api_keys (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      prefix text NOT NULL,
      secret_hash text NOT NULL,
      scopes text[] NOT NULL,
      created_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NULL,
      last_used_at timestamptz NULL,
      revoked_at timestamptz NULL,
      CONSTRAINT api_keys_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash),
      CONSTRAINT api_keys_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('api_keys')}
    -- Authentication by possession: whoever holds the key may read its row, in no workspace.
    CREATE POLICY api_keys_holder_lookup ON api_keys FOR SELECT
      USING (secret_hash = current_setting('app.api_key_hash', true));
  `;

  protected readonly downSql = `DROP TABLE api_keys;`;
}
