import type { WebhookDeliveryAttempt } from '../webhook-delivery-attempt.entity';
import type { WebhookDelivery } from '../webhook-delivery.entity';
import { webhookMessageId } from '../webhook-message-id';

export class WebhookDeliveryAttemptResponse {
  /** 1 for the first attempt. @example 2 */
  number: number;
  /** Asked for through the retry route rather than made on the schedule. @example false */
  manual: boolean;
  /** `success` (2xx), `http-error` (any other status; redirects are not followed), `timeout`, `network-error`, or `refused` (the address may not be reached; nothing was sent). @example "http-error" */
  outcome: string;
  /** @example 500 */
  statusCode: number | null;
  /** From the start of the request to the end of the part of the response that was read. @example 87 */
  latencyMs: number;
  /** The first 1 KiB of the response body. @example "{\"error\":\"database unavailable\"}" */
  responseExcerpt: string | null;
  /** Why no response came. @example null */
  error: string | null;
  /** @example "2026-11-29T10:00:05.120Z" */
  attemptedAt: string;

  static of(attempt: WebhookDeliveryAttempt): WebhookDeliveryAttemptResponse {
    return {
      number: attempt.number,
      manual: attempt.manual,
      outcome: attempt.outcome,
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      responseExcerpt: attempt.responseExcerpt,
      error: attempt.error,
      attemptedAt: attempt.attemptedAt.toISOString(),
    };
  }
}

export class WebhookDeliveryResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a50" */
  endpointId: string;
  /**
   * The `webhook-id` header of every attempt of this delivery: `msg_` and the delivery's id. Unique per
   * delivery, so an event that reaches an endpoint twice (its subscription and a rule) arrives as two messages.
   * @example "msg_0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60"
   */
  webhookId: string;
  /** The event sent: the body's `id`. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a70" */
  eventId: string;
  /** @example "project.created" */
  eventType: string;
  /** `pending` (an attempt is scheduled or running), `delivered`, `failed` (every scheduled attempt failed) or `cancelled` (the endpoint was disabled). @example "pending" */
  status: string;
  /** @example 1 */
  attemptCount: number;
  /** When the next scheduled attempt is due. @example "2026-11-29T10:00:10.200Z" */
  nextAttemptAt: string | null;
  /** @example null */
  deliveredAt: string | null;
  /** @example "2026-11-29T10:00:05.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:05.200Z" */
  updatedAt: string;
  /** Every attempt, oldest first. */
  attempts: WebhookDeliveryAttemptResponse[];

  static of(delivery: WebhookDelivery, attempts: readonly WebhookDeliveryAttempt[]): WebhookDeliveryResponse {
    return {
      id: delivery.id,
      endpointId: delivery.endpointId,
      webhookId: webhookMessageId(delivery.id),
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      status: delivery.status,
      attemptCount: delivery.attemptCount,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      createdAt: delivery.createdAt.toISOString(),
      updatedAt: delivery.updatedAt.toISOString(),
      attempts: attempts.map(WebhookDeliveryAttemptResponse.of),
    };
  }
}

export class WebhookDeliveryListResponse {
  data: WebhookDeliveryResponse[];
  /** @example null */
  nextCursor: string | null;
}
