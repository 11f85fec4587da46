import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RetentionPolicies } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { EventsConfig } from '../events-config';

/**
 * Keeps the outbox from growing for ever: daily, deletes completed deliveries
 * and relayed events past their retention (`event_deliveries` and `events`,
 * as an operator set them; EVENTS_RETENTION_DAYS until then). An event some
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
    private readonly retention: RetentionPolicies,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      key: 'event_deliveries',
      description: "Consumers' completed deliveries of events, by when they completed.",
      defaultDays: this.config.EVENTS_RETENTION_DAYS,
      minimumDays: 1,
      table: 'event_deliveries',
      expiredRows: `SELECT ctid FROM event_deliveries
                     WHERE status = 'delivered' AND updated_at < now() - make_interval(days => $1)`,
    });
    this.retention.register({
      key: 'events',
      description:
        'Relayed domain events whose every delivery is gone (a dead letter or a retrying delivery keeps its event), by when they were relayed.',
      defaultDays: this.config.EVENTS_RETENTION_DAYS,
      minimumDays: 1,
      table: 'outbox',
      expiredRows: `SELECT ctid FROM outbox AS event
                     WHERE event.relayed_at < now() - make_interval(days => $1)
                       AND NOT event.nats_pending
                       AND NOT EXISTS (SELECT 1 FROM event_deliveries AS delivery
                                        WHERE delivery.workspace_id = event.workspace_id AND delivery.event_id = event.id)`,
    });
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    // Deliveries first: an event goes only once none of its deliveries is left.
    const deliveries = await this.retention.purge('event_deliveries');
    const events = await this.retention.purge('events');
    if (deliveries + events > 0) this.logger.log({ events, deliveries, msg: 'pruned old events and deliveries' });
  }
}
