import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

/** Workflow versions, projects, comments and the activity trail. */
export class Workflows1764000003000 extends SqlMigration {
  readonly name = 'Workflows1764000003000';

  protected readonly upSql = `
    CREATE TABLE workflow_versions (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      number integer NOT NULL,
      status text NOT NULL,
      states jsonb NOT NULL,
      transitions jsonb NOT NULL,
      initial_state text NOT NULL,
      content_hash text NOT NULL,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      CONSTRAINT workflow_versions_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT workflow_versions_workspace_id_number_key UNIQUE (workspace_id, number),
      CONSTRAINT workflow_versions_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
    );
    -- One active version per workspace, enforced by the database.
    CREATE UNIQUE INDEX workflow_versions_one_active_idx ON workflow_versions (workspace_id) WHERE status = 'active';
    ${tenantIsolationSql('workflow_versions')}

    CREATE TABLE projects (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      state text NOT NULL,
      state_category text NOT NULL,
      workflow_version integer NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_by_type text NULL,
      created_by_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz NULL,
      CONSTRAINT projects_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT projects_workspace_id_key_key UNIQUE (workspace_id, key),
      CONSTRAINT projects_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT projects_workspace_id_workflow_version_fkey FOREIGN KEY (workspace_id, workflow_version)
        REFERENCES workflow_versions (workspace_id, number)
    );
    CREATE INDEX projects_workspace_id_created_at_id_idx ON projects (workspace_id, created_at, id);
    CREATE INDEX projects_workspace_id_updated_at_id_idx ON projects (workspace_id, updated_at, id);
    CREATE INDEX projects_workspace_id_name_id_idx ON projects (workspace_id, name, id);
    CREATE INDEX projects_workspace_id_state_idx ON projects (workspace_id, state);
    -- Full-text search over name and description (?q=), matched with the same expression.
    CREATE INDEX projects_search_idx ON projects
      USING gin (to_tsvector('english', name || ' ' || description));
    ${tenantIsolationSql('projects')}

    CREATE TABLE comments (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      project_id uuid NOT NULL,
      author_type text NOT NULL,
      author_id uuid NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT comments_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT comments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT comments_workspace_id_project_id_fkey FOREIGN KEY (workspace_id, project_id)
        REFERENCES projects (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX comments_workspace_id_project_id_id_idx ON comments (workspace_id, project_id, id);
    ${tenantIsolationSql('comments')}

    CREATE TABLE activity_entries (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      project_id uuid NULL,
      action text NOT NULL,
      actor_type text NULL,
      actor_id uuid NULL,
      target_type text NOT NULL,
      target_id uuid NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      request_id text NULL,
      client_address text NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT activity_entries_pkey PRIMARY KEY (workspace_id, id),
      CONSTRAINT activity_entries_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
      CONSTRAINT activity_entries_workspace_id_project_id_fkey FOREIGN KEY (workspace_id, project_id)
        REFERENCES projects (workspace_id, id) ON DELETE CASCADE
    );
    CREATE INDEX activity_entries_workspace_id_project_id_id_idx ON activity_entries (workspace_id, project_id, id);
    ${tenantIsolationSql('activity_entries')}
    -- The trail is append-only for the application.
    REVOKE UPDATE, DELETE, TRUNCATE ON activity_entries FROM keel_app;
  `;

  protected readonly downSql = `DROP TABLE activity_entries; DROP TABLE comments; DROP TABLE projects; DROP TABLE workflow_versions;`;
}
