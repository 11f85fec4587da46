import type { DomainEvent } from '@keel/events';

/** What automation needs of the webhooks part: to check an endpoint and to queue a delivery, in the caller's transaction. */
export abstract class WebhookOutlet {
  abstract endpointExists(workspaceId: string, endpointId: string): Promise<boolean>;
  abstract enqueueDelivery(
    workspaceId: string,
    endpointId: string,
    event: DomainEvent,
    dedupeKey: string,
  ): Promise<{ id: string }>;
}
