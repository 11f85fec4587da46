import { SqlMigration } from '@keel/platform-database';

/**
 * Append-only: keel_app keeps SELECT and INSERT only. Workspace rows follow the
 * tenant policy; account rows (no workspace) may be inserted from a restricted
 * scope and read only by the account they concern.
 */
export class AuditEvents1764000000500 extends SqlMigration {
  readonly name = 'AuditEvents1764000000500';

  protected readonly upSql = `
    CREATE TABLE audit_events (
      id uuid NOT NULL,
      workspace_id uuid NULL,
      action text NOT NULL,
      actor_type text NULL,
      actor_id uuid NULL,
      subject_user_id uuid NULL,
      target_type text NULL,
      target_id text NULL,
      data jsonb NOT NULL DEFAULT '{}',
      client_address text NULL,
      user_agent text NULL,
      request_id text NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT audit_events_pkey PRIMARY KEY (id)
    );
    CREATE INDEX audit_events_workspace_time_idx ON audit_events (workspace_id, occurred_at, id);
    CREATE INDEX audit_events_subject_time_idx ON audit_events (subject_user_id, occurred_at);

    ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY audit_events_workspace_isolation ON audit_events
      USING (workspace_id = (SELECT current_setting('app.workspace_id')::uuid))
      WITH CHECK (workspace_id = (SELECT current_setting('app.workspace_id')::uuid));
    CREATE POLICY audit_events_account_insert ON audit_events FOR INSERT
      WITH CHECK (workspace_id IS NULL);
    CREATE POLICY audit_events_account_read ON audit_events FOR SELECT
      USING (workspace_id IS NULL
             AND subject_user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM keel_app;
  `;

  protected readonly downSql = `DROP TABLE audit_events;`;
}
