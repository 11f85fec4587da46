import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

export class Invites1764000001100 extends SqlMigration {
  readonly name = 'Invites1764000001100';

  protected readonly upSql = `
    CREATE TABLE invites (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      email text NOT NULL,
      email_key text NOT NULL,
      role_key text NOT NULL,
      token_hash text NOT NULL,
      invited_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz NULL,
      accepted_by uuid NULL,
      revoked_at timestamptz NULL,
      CONSTRAINT invites_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT invites_token_hash_key UNIQUE (token_hash),
      CONSTRAINT invites_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('invites')}
    -- Accepting by possession: whoever holds the token may read its invite, in no workspace.
    CREATE POLICY invites_holder_lookup ON invites FOR SELECT
      USING (token_hash = current_setting('app.invite_token_hash', true));
  `;

  protected readonly downSql = `DROP TABLE invites;`;
}
