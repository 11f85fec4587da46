import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { EventMetrics } from '../event-metrics';
import { OUTBOX_ROW_COLUMNS, OutboxRow, toDomainEvent } from '../outbox/to-domain-event';
import { BatchLoop } from './batch-loop';
import { JetStreamPublisher } from './jetstream-publisher';
import { EventsConfig } from '../events-config';

const BATCH_SIZE = 200;
/** After a failure the relay waits this long, doubling per failure up to the cap; a reconnection ends the wait. */
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * The second target, when NATS_URL is set: publishes events the outbox
 * relay already handed to the queue (`nats_pending`) to JetStream, in id
 * order, and stamps them `published_to_nats_at`. Each batch is one
 * transaction holding its rows FOR UPDATE SKIP LOCKED while JetStream
 * acknowledges them, so several relays share the work; a batch that fails
 * (NATS away, an acknowledgement lost) leaves its rows pending and they are
 * published again — JetStream drops a message id it already has, so every
 * event lands once.
 *
 * While NATS is away it backs off instead of retrying on every kick, takes
 * no rows and holds no connection; it catches up as soon as the connection
 * comes back (or its next retry finds NATS again). Woken by the outbox relay
 * after each batch, with the outbox poll as a safety net for rows relayed by
 * a process that stopped before publishing them.
 */
@Injectable()
export class JetStreamRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JetStreamRelay.name);
  private readonly loop = new BatchLoop(
    () => this.publishBatch(),
    BATCH_SIZE,
    (error) => this.backOff(error),
  );
  private started = false;
  private poll?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  /** Failed rounds in a row; 0 once a batch went through. */
  private failures = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly publisher: JetStreamPublisher,
    private readonly metrics: EventMetrics,
    private readonly config: EventsConfig,
  ) {}

  /** Whether events go to JetStream at all: the outbox relay marks rows pending only then. */
  get enabled(): boolean {
    return this.publisher.enabled;
  }

  onApplicationBootstrap(): void {
    if (!this.queue.runsWorkers || !this.enabled) return;
    this.started = true;
    this.publisher.onReconnect(() => this.resume());
    this.poll = setInterval(() => this.kick(), this.config.OUTBOX_POLL_INTERVAL_MS);
    this.kick();
  }

  /** Publishes what is pending; while backing off after a failure the retry timer decides instead. */
  kick(): void {
    if (!this.started || this.retry) return;
    this.loop.kick();
  }

  /** One transaction: how many events JetStream acknowledged. */
  async publishBatch(): Promise<number> {
    // NATS first: while it is away no row is locked and no pooled connection is taken.
    await this.publisher.jetStream();
    // As the owner role, like the outbox relay: its policy sees every workspace's rows.
    const published = await runAsPlatformOwner(this.dataSource, async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT ${OUTBOX_ROW_COLUMNS} FROM outbox WHERE nats_pending ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      const events = rows.map(toDomainEvent);
      if (events.length === 0) return 0;
      await this.publisher.publish(events);
      await manager.query(
        `UPDATE outbox SET nats_pending = false, published_to_nats_at = now()
          WHERE (workspace_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        [events.map((event) => event.workspaceId), events.map((event) => event.id)],
      );
      return events.length;
    });
    if (published > 0) this.metrics.relayed.inc({ target: 'nats' }, published);
    this.recovered();
    return published;
  }

  /** The connection came back: publish now rather than at the end of the current wait. */
  private resume(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.kick();
  }

  private backOff(error: Error): void {
    // A batch failing while the process stops must not arm a retry that holds up the exit.
    if (!this.started) return;
    this.failures++;
    if (this.failures === 1) {
      this.logger.warn({
        err: { message: error.message },
        msg: 'publishing to JetStream failed; the events wait in the outbox and are published once NATS answers',
      });
    }
    const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (this.failures - 1), MAX_RETRY_DELAY_MS);
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.kick();
    }, delay);
  }

  private recovered(): void {
    if (this.failures === 0) return;
    this.logger.log({ afterFailures: this.failures, msg: 'publishing to JetStream again' });
    this.failures = 0;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    if (this.poll) clearInterval(this.poll);
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    await this.loop.stop();
  }
}
