import { Module } from '@nestjs/common';
import { IdentityModule } from '@keel/identity';
import { Outbox } from './outbox/outbox.service';

/** Domain events: the transactional outbox every context publishes into. */
@Module({
  imports: [IdentityModule],
  providers: [Outbox],
  exports: [Outbox],
})
export class EventsModule {}
