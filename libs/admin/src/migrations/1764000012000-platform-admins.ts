import { SqlMigration } from '@keel/platform-database';

/**
 * Platform admins and their audit log. Both are global tables (no workspace):
 * being an admin belongs to a person, and the log records work across
 * workspaces. Granting and revoking happen only from the command line.
 */
export class PlatformAdmins1764000012000 extends SqlMigration {
  readonly name = 'PlatformAdmins1764000012000';

  protected readonly upSql = `
    CREATE TABLE platform_admins (
      user_id uuid NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      granted_by text NOT NULL,
      CONSTRAINT platform_admins_pkey PRIMARY KEY (user_id),
      CONSTRAINT platform_admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );

    CREATE TABLE platform_audit_events (
      id uuid NOT NULL,
      action text NOT NULL,
      actor_type text NULL,
      actor_id text NULL,
      target_type text NULL,
      target_id text NULL,
      reason text NULL,
      data jsonb NOT NULL DEFAULT '{}',
      client_address text NULL,
      user_agent text NULL,
      request_id text NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT platform_audit_events_pkey PRIMARY KEY (id)
    );
    CREATE INDEX platform_audit_events_occurred_at_idx ON platform_audit_events (occurred_at);
    CREATE INDEX platform_audit_events_target_id_idx ON platform_audit_events (target_id);
  `;

  protected readonly downSql = `DROP TABLE platform_audit_events; DROP TABLE platform_admins;`;
}
