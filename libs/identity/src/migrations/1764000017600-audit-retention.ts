import { SqlMigration } from '@keel/platform-database';

/**
 * Audit retention (the `audit_events` rule of /v1/admin/retention): the
 * daily job, as keel_owner, counts and deletes old audit events of every
 * workspace and account. Deleting is allowed only for events older than a
 * year — the rule's minimum, enforced here too, so no bug and no setting can
 * prune a younger trail.
 */
export class AuditRetention1764000017600 extends SqlMigration {
  readonly name = 'AuditRetention1764000017600';

  protected readonly upSql = `
    CREATE POLICY audit_events_retention_read ON audit_events FOR SELECT TO keel_owner USING (true);
    CREATE POLICY audit_events_retention ON audit_events FOR DELETE TO keel_owner
      USING (occurred_at < now() - interval '365 days');
  `;

  protected readonly downSql = `
    DROP POLICY audit_events_retention ON audit_events;
    DROP POLICY audit_events_retention_read ON audit_events;
  `;
}
