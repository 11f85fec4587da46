import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { EventTypesController } from './catalog/event-types.controller';
import { DeadLettersController } from './consumers/dead-letters.controller';
import { EventsModule } from './events.module';
import { EventsController } from './feed/events.controller';

/** The events routes: the catalog of event types, a workspace's recent events, dead letters and their replay. */
@Module({
  imports: [EventsModule, TenancyModule],
  controllers: [EventTypesController, EventsController, DeadLettersController],
})
export class EventsHttpModule {}
