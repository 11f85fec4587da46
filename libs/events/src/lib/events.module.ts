import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { EventCatalog } from './catalog/event-catalog';
import { EventTypesController } from './catalog/event-types.controller';
import { DeadLettersController } from './consumers/dead-letters.controller';
import { DeadLetters } from './consumers/dead-letters.service';
import { EventConsumerRunner } from './consumers/event-consumer-runner';
import { EventConsumers } from './consumers/event-consumers';
import { EventDeliveries } from './consumers/event-deliveries.service';
import { EventHandling } from './consumers/event-handling';
import { EventMetrics } from './event-metrics';
import { EventsController } from './feed/events.controller';
import { RecentEvents } from './feed/recent-events.service';
import { EventCause } from './outbox/event-cause';
import { Outbox } from './outbox/outbox.service';
import { JetStreamPublisher } from './relay/jetstream-publisher';
import { JetStreamRelay } from './relay/jetstream-relay';
import { OutboxRelay } from './relay/outbox-relay';
import { EventRetentionJob } from './retention/event-retention.job';

/**
 * Domain events: the catalog, the transactional outbox every context
 * publishes into, the relays that hand events to consumers and to JetStream,
 * the idempotent consumer runner, the daily retention, and the events and
 * dead-letter routes.
 */
@Module({
  imports: [TenancyModule],
  controllers: [EventTypesController, EventsController, DeadLettersController],
  providers: [
    EventCatalog,
    Outbox,
    EventCause,
    EventHandling,
    EventConsumers,
    EventDeliveries,
    EventConsumerRunner,
    DeadLetters,
    RecentEvents,
    OutboxRelay,
    JetStreamRelay,
    JetStreamPublisher,
    EventMetrics,
    EventRetentionJob,
  ],
  exports: [Outbox, EventCatalog, EventConsumers, EventHandling, RecentEvents],
})
export class EventsModule {}
