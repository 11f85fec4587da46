import { Injectable } from '@nestjs/common';
import type { DomainEvent, EventConsumer } from '@keel/events';
import { SUBSCRIPTION_CHANGED } from '../billing-events';
import { ProviderSync } from '../provider/provider-sync';

/**
 * Mirrors every subscription change at the payment provider (customer made
 * on the first one): at least once, and harmless when repeated since each
 * call carries an idempotency key of the subscription's id and version and
 * the mirror converges on the subscription as it is now. Registered only
 * when the provider holds records (`stripe`).
 */
@Injectable()
export class SubscriptionSyncConsumer implements EventConsumer {
  readonly name = 'billing.provider-sync';
  readonly eventTypes = [SUBSCRIPTION_CHANGED];
  // Stripe's calls, with the SDK's own retries, can take longer than a database write.
  readonly expireInSeconds = 120;

  constructor(private readonly sync: ProviderSync) {}

  async handle(event: DomainEvent): Promise<void> {
    await this.sync.syncSubscription(event.workspaceId);
  }
}
