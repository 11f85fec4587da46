import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/**
 * Workspaces, their roles and memberships. Besides the tenant policy, a user
 * may read their own memberships (and those workspaces) across tenants in a
 * restricted scope that sets `app.user_id`: that is how "my workspaces" is
 * listed without a way around row-level security.
 */
export class Workspaces1764000001000 extends SqlMigration {
  readonly name = 'Workspaces1764000001000';

  protected readonly upSql = `
    CREATE TABLE workspaces (
      id uuid NOT NULL,
      name text NOT NULL,
      slug text NOT NULL,
      created_by uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT workspaces_pkey PRIMARY KEY (id),
      CONSTRAINT workspaces_slug_key UNIQUE (slug)
    );

    CREATE TABLE roles (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      permissions text[] NOT NULL,
      built_in boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT roles_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT roles_workspace_id_key_key UNIQUE (workspace_id, key),
      CONSTRAINT roles_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    ${tenantIsolationSql('roles')}

    CREATE TABLE memberships (
      workspace_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT memberships_pkey PRIMARY KEY (workspace_id, user_id),
      CONSTRAINT memberships_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
      CONSTRAINT memberships_workspace_id_role_key_fkey FOREIGN KEY (workspace_id, role_key)
        REFERENCES roles (workspace_id, key)
    );
    CREATE INDEX memberships_user_id_idx ON memberships (user_id);
    ${tenantIsolationSql('memberships')}
    CREATE POLICY memberships_own_read ON memberships FOR SELECT
      USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));

    ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
    ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
    CREATE POLICY workspaces_workspace_isolation ON workspaces
      USING (id = (SELECT current_setting('app.workspace_id')::uuid))
      WITH CHECK (id = (SELECT current_setting('app.workspace_id')::uuid));
    CREATE POLICY workspaces_member_read ON workspaces FOR SELECT
      USING (id IN (SELECT workspace_id FROM memberships
                     WHERE user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)));
  `;

  protected readonly downSql = `DROP TABLE memberships; DROP TABLE roles; DROP TABLE workspaces;`;
}
