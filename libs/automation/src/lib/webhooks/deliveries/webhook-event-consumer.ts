import { Injectable } from '@nestjs/common';
import type { DomainEvent, EventConsumer } from '@keel/events';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

/**
 * Turns every domain event into deliveries for the endpoints subscribed to
 * it, in the transaction that claims the event for this consumer: an event
 * makes its deliveries once.
 */
@Injectable()
export class WebhookEventConsumer implements EventConsumer {
  readonly name = 'webhooks';
  readonly eventTypes = '*' as const;

  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  async handle(event: DomainEvent): Promise<void> {
    await this.deliveries.enqueueForEvent(event);
  }
}
