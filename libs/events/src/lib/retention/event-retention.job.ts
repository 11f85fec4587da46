import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { EventsConfig } from '../events-config';

/**
 * Keeps the outbox from growing for ever: daily, deletes completed deliveries
 * and relayed events older than EVENTS_RETENTION_DAYS. An event some
 * consumer has not completed (a dead letter waiting for replay, a delivery
 * still retrying) stays, with its deliveries, so it can still be replayed;
 * so does one JetStream has not acknowledged yet. Runs as keel_owner across
 * workspaces, in batches so no transaction holds many rows.
 */
@Injectable()
export class EventRetentionJob implements ScheduledJob, OnModuleInit {
  readonly name = 'events.retention';
  readonly cron = '27 3 * * *';
  private readonly logger = new Logger(EventRetentionJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly config: EventsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const days = this.config.EVENTS_RETENTION_DAYS;
    const deliveries = await deleteInBatches(
      this.dataSource,
      'event_deliveries',
      `SELECT ctid FROM event_deliveries
        WHERE status = 'delivered' AND updated_at < now() - make_interval(days => $1)`,
      [days],
    );
    const events = await deleteInBatches(
      this.dataSource,
      'outbox',
      `SELECT ctid FROM outbox AS event
        WHERE event.relayed_at < now() - make_interval(days => $1)
          AND NOT event.nats_pending
          AND NOT EXISTS (SELECT 1 FROM event_deliveries AS delivery
                           WHERE delivery.workspace_id = event.workspace_id AND delivery.event_id = event.id)`,
      [days],
    );
    if (deliveries + events > 0) this.logger.log({ events, deliveries, msg: 'pruned old events and deliveries' });
  }
}
