export { EventsModule } from './lib/events.module';
export { eventsEntities, eventsMigrations } from './lib/events-schema';
export { Outbox } from './lib/outbox/outbox.service';
export type { NewDomainEvent } from './lib/outbox/outbox.service';
