import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PgNotifications, runAsPlatformOwner } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { consumerQueue, EventDeliveryJob } from '../consumers/event-consumer';
import { EventConsumerRunner } from '../consumers/event-consumer-runner';
import { EventConsumers } from '../consumers/event-consumers';
import { EventMetrics } from '../event-metrics';
import { OUTBOX_ROW_COLUMNS, OutboxRow, toDomainEvent } from '../outbox/to-domain-event';
import { BatchLoop } from './batch-loop';
import { deliveryJobId } from './delivery-job-id';
import { JetStreamRelay } from './jetstream-relay';
import { EventsConfig } from '../events-config';

/** The outbox insert trigger NOTIFYs this channel. */
export const OUTBOX_CHANNEL = 'keel_outbox';
const BATCH_SIZE = 200;

/**
 * Moves committed events from the outbox to their consumers: one pg-boss job
 * per consumer and event. Woken by the outbox trigger's NOTIFY, with a slow
 * poll as a safety net. Each batch is one transaction: rows taken in id
 * order with FOR UPDATE SKIP LOCKED (so several relays share the work), jobs
 * inserted, rows stamped relayed, then commit — a relay killed midway leaves
 * the rows for the next one, and a job sent twice has the same id and is
 * dropped.
 *
 * JetStream is not in this transaction: with NATS configured the rows are
 * only marked `nats_pending` here, and the JetStreamRelay publishes them on
 * its own, so a NATS outage never holds back the consumers.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop = new BatchLoop(
    () => this.relayBatch(),
    BATCH_SIZE,
    // The database is away: the rows stay, the next kick or poll retries.
    (error) => this.logger.warn({ err: { message: error.message }, msg: 'outbox relay failed; will retry' }),
  );
  private poll?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly notifications: PgNotifications,
    private readonly consumers: EventConsumers,
    private readonly runner: EventConsumerRunner,
    private readonly jetStream: JetStreamRelay,
    private readonly metrics: EventMetrics,
    private readonly config: EventsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queue.runsWorkers) return;
    await this.runner.queuesReady;
    await this.notifications.listen(OUTBOX_CHANNEL, () => this.kick());
    this.notifications.onReconnect(() => this.kick());
    this.poll = setInterval(() => this.kick(), this.config.OUTBOX_POLL_INTERVAL_MS);
    this.kick();
  }

  /** Relays until the outbox is empty; a kick while running makes it look once more. */
  kick(): void {
    this.loop.kick();
  }

  /** One transaction: how many events it relayed. */
  async relayBatch(): Promise<number> {
    // As the owner role, like housekeeping: the outbox's relay policy lets it see every workspace's rows.
    const relayed = await runAsPlatformOwner(this.dataSource, async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT ${OUTBOX_ROW_COLUMNS} FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      const events = rows.map(toDomainEvent);
      if (events.length === 0) return 0;
      await this.queue.sendManyInTransaction(
        manager,
        events.flatMap((event) =>
          this.consumers.of(event.type).map((consumer) => {
            const data: EventDeliveryJob = { consumer: consumer.name, event };
            return { name: consumerQueue(consumer.name), id: deliveryJobId(consumer.name, event.id), data };
          }),
        ),
      );
      await manager.query(
        `UPDATE outbox SET relayed_at = now(), nats_pending = $3
          WHERE (workspace_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        [events.map((event) => event.workspaceId), events.map((event) => event.id), this.jetStream.enabled],
      );
      return events.length;
    });
    if (relayed > 0) {
      this.metrics.relayed.inc({ target: 'queue' }, relayed);
      this.jetStream.kick();
    }
    return relayed;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.loop.stop();
  }
}
