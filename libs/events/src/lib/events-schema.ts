import { EventDelivery } from './consumers/event-delivery.entity';
import { OutboxEvent } from './outbox/outbox-event.entity';
import { Outbox1764000002000 } from '../migrations/1764000002000-outbox';
import { EventDeliveries1764000002100 } from '../migrations/1764000002100-event-deliveries';
import { OutboxNatsTarget1764000005500 } from '../migrations/1764000005500-outbox-nats-target';
import { EventRetention1764000005700 } from '../migrations/1764000005700-event-retention';

/** The events context's tables. */
export const eventsEntities = [OutboxEvent, EventDelivery];

export const eventsMigrations = [
  Outbox1764000002000,
  EventDeliveries1764000002100,
  OutboxNatsTarget1764000005500,
  EventRetention1764000005700,
];
