import { SqlMigration } from '@keel/platform-database';

/**
 * JetStream becomes a target of its own: the relay hands an event to the
 * queue and, when it has NATS_URL, marks it `nats_pending`; a second pass
 * publishes pending rows to JetStream and stamps them. A NATS outage then
 * holds back only that pass, never the consumers.
 *
 * Rows already relayed stay `nats_pending = false`: the old relay published
 * them to JetStream in its own transaction (or NATS was not configured), so
 * none is published again. Rows still unrelayed now are marked by the relay
 * that takes them. A constant default adds the column without rewriting the
 * table.
 */
export class OutboxNatsTarget1764000005500 extends SqlMigration {
  readonly name = 'OutboxNatsTarget1764000005500';

  protected readonly upSql = `
    ALTER TABLE outbox
      ADD COLUMN nats_pending boolean NOT NULL DEFAULT false,
      ADD COLUMN published_to_nats_at timestamptz NULL;
    -- The JetStream pass's queue: only rows still owed to JetStream, in order, across workspaces.
    CREATE INDEX outbox_nats_pending_idx ON outbox (id) WHERE nats_pending;
  `;

  protected readonly downSql = `
    DROP INDEX outbox_nats_pending_idx;
    ALTER TABLE outbox DROP COLUMN published_to_nats_at, DROP COLUMN nats_pending;
  `;
}
