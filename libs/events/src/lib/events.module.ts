import { Module, OnModuleInit } from '@nestjs/common';
import { TENANCY_EVENT_DEFINITIONS, TenancyModule, WorkspaceEvents } from '@keel/tenancy';
import { EventCatalog } from './catalog/event-catalog';
import { DeadLettersService } from './consumers/dead-letters.service';
import { EventConsumerRunner } from './consumers/event-consumer-runner';
import { EventConsumers } from './consumers/event-consumers';
import { EventDeliveries } from './consumers/event-deliveries.service';
import { EventHandling } from './consumers/event-handling';
import { EventMetrics } from './event-metrics';
import { RecentEventsService } from './feed/recent-events.service';
import { EventCause } from './outbox/event-cause';
import { Outbox } from './outbox/outbox.service';
import { JetStreamPublisher } from './relay/jetstream-publisher';
import { JetStreamRelay } from './relay/jetstream-relay';
import { OutboxRelay } from './relay/outbox-relay';
import { EventRetentionJob } from './retention/event-retention.job';

/**
 * Domain events: the catalog, the transactional outbox every context
 * publishes into, the relays that hand events to consumers and to JetStream,
 * the idempotent consumer runner and the daily retention; the event types,
 * events and dead-letter routes are EventsHttpModule's. Tenancy's events
 * (members, invites, API keys) enter the catalog and the outbox here, since
 * tenancy cannot import this context.
 */
@Module({
  imports: [TenancyModule],
  providers: [
    EventCatalog,
    Outbox,
    EventCause,
    EventHandling,
    EventConsumers,
    EventDeliveries,
    EventConsumerRunner,
    DeadLettersService,
    RecentEventsService,
    OutboxRelay,
    JetStreamRelay,
    JetStreamPublisher,
    EventMetrics,
    EventRetentionJob,
  ],
  exports: [Outbox, EventCatalog, EventConsumers, EventHandling, RecentEventsService, DeadLettersService],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly outbox: Outbox,
    private readonly workspaceEvents: WorkspaceEvents,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...TENANCY_EVENT_DEFINITIONS);
    this.workspaceEvents.connect((workspaceId, event) => this.outbox.publish(workspaceId, event));
  }
}
