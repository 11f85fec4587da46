import { SqlMigration } from '@keel/platform-database';

/**
 * Splits the audit trail in two, so that `audit_events` keeps the rule every
 * tenant table keeps (its key leads with the workspace): workspace events stay
 * in `audit_events`, keyed `(workspace_id, id)` with the workspace required;
 * account events (sign-ins, password and MFA changes, impersonations of the
 * account, …) move to `account_audit_events`, keyed `(user_id, id)` by the
 * account they concern.
 *
 * A failed sign-in for an address without an account concerns no account: it
 * is kept under the nil user id (00000000-0000-0000-0000-000000000000), a
 * trail of its own that no account can read (no user has that id).
 *
 * The account trail is append-only for keel_app like the workspace trail:
 * inserted and read in a restricted scope naming the account (`app.user_id`),
 * pruned by the audit retention as keel_owner, never younger than a year.
 * Moving the rows runs with row-level security not forced (the owner's own
 * policies would admit no such DELETE), and forces it again at the end.
 */
export class AccountAuditTrail1764000020100 extends SqlMigration {
  readonly name = 'AccountAuditTrail1764000020100';

  protected readonly upSql = `
    CREATE TABLE account_audit_events (
      user_id uuid NOT NULL,
      id uuid NOT NULL,
      action text NOT NULL,
      actor_type text NULL,
      actor_id uuid NULL,
      target_type text NULL,
      target_id text NULL,
      data jsonb NOT NULL DEFAULT '{}',
      client_address text NULL,
      user_agent text NULL,
      request_id text NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT account_audit_events_pkey PRIMARY KEY (user_id, id)
    );

    ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
    INSERT INTO account_audit_events (user_id, id, action, actor_type, actor_id, target_type, target_id, data,
                                      client_address, user_agent, request_id, occurred_at)
      SELECT coalesce(subject_user_id, '00000000-0000-0000-0000-000000000000'), id, action, actor_type, actor_id,
             target_type, target_id, data, client_address, user_agent, request_id, occurred_at
        FROM audit_events WHERE workspace_id IS NULL;
    DELETE FROM audit_events WHERE workspace_id IS NULL;
    ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;

    DROP POLICY audit_events_account_insert ON audit_events;
    DROP POLICY audit_events_account_read ON audit_events;
    DROP INDEX audit_events_subject_time_idx;
    ALTER TABLE audit_events DROP COLUMN subject_user_id;
    ALTER TABLE audit_events ALTER COLUMN workspace_id SET NOT NULL;
    ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
    ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (workspace_id, id);

    ALTER TABLE account_audit_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE account_audit_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY account_audit_events_own_insert ON account_audit_events FOR INSERT
      WITH CHECK (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
    CREATE POLICY account_audit_events_own_read ON account_audit_events FOR SELECT
      USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
    CREATE POLICY account_audit_events_retention_read ON account_audit_events FOR SELECT TO keel_owner USING (true);
    CREATE POLICY account_audit_events_retention ON account_audit_events FOR DELETE TO keel_owner
      USING (occurred_at < now() - interval '365 days');
    REVOKE UPDATE, DELETE, TRUNCATE ON account_audit_events FROM keel_app;
  `;

  protected readonly downSql = `
    ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
    ALTER TABLE audit_events ALTER COLUMN workspace_id DROP NOT NULL;
    ALTER TABLE audit_events ADD COLUMN subject_user_id uuid NULL;
    ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id);
    CREATE INDEX audit_events_subject_time_idx ON audit_events (subject_user_id, occurred_at);
    ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
    INSERT INTO audit_events (id, workspace_id, action, actor_type, actor_id, subject_user_id, target_type, target_id,
                              data, client_address, user_agent, request_id, occurred_at)
      SELECT id, NULL, action, actor_type, actor_id, nullif(user_id, '00000000-0000-0000-0000-000000000000'),
             target_type, target_id, data, client_address, user_agent, request_id, occurred_at
        FROM account_audit_events;
    ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY audit_events_account_insert ON audit_events FOR INSERT
      WITH CHECK (workspace_id IS NULL);
    CREATE POLICY audit_events_account_read ON audit_events FOR SELECT
      USING (workspace_id IS NULL
             AND subject_user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
    DROP TABLE account_audit_events;
  `;
}
