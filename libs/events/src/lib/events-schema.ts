import { OutboxEvent } from './outbox/outbox-event.entity';
import { Outbox1764000002000 } from '../migrations/1764000002000-outbox';

/** The events context's tables. */
export const eventsEntities = [OutboxEvent];

export const eventsMigrations = [Outbox1764000002000];
