import { SqlMigration } from '@keel/platform-database';

/**
 * Lets the daily event retention (running as keel_owner, in no workspace) see
 * and prune deliveries across workspaces, as the relay's policy already lets
 * it do on the outbox.
 */
export class EventRetention1764000005700 extends SqlMigration {
  readonly name = 'EventRetention1764000005700';

  protected readonly upSql = `
    CREATE POLICY event_deliveries_retention ON event_deliveries FOR ALL TO keel_owner USING (true) WITH CHECK (true);
  `;

  protected readonly downSql = `DROP POLICY event_deliveries_retention ON event_deliveries;`;
}
