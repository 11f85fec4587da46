import { EventDelivery } from '../event-delivery.entity';

export class DeadLetterResponse {
  /** The delivery's id: replay it with POST …/dead-letters/{deadLetterId}/replay. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a50" */
  id: string;
  /** @example "automation.rules" */
  consumer: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a51" */
  eventId: string;
  /** @example "project.transitioned" */
  eventType: string;
  /** `dead`, or `retrying` once replayed, `delivered` once a replay took effect. @example "dead" */
  status: string;
  /** @example 6 */
  attempts: number;
  /** @example "connect ECONNREFUSED 203.0.113.9:443" */
  lastError: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:41:00.000Z" */
  updatedAt: string;

  static of(delivery: EventDelivery): DeadLetterResponse {
    return {
      id: delivery.id,
      consumer: delivery.consumer,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      status: delivery.status,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      createdAt: delivery.createdAt.toISOString(),
      updatedAt: delivery.updatedAt.toISOString(),
    };
  }
}

export class DeadLetterListResponse {
  data: DeadLetterResponse[];
  /** @example null */
  nextCursor: string | null;
}
