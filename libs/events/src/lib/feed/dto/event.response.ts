import { ActorReferenceResponse } from '@keel/identity';
import { OutboxEvent } from '../../outbox/outbox-event.entity';

export class EventResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a51" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a00" */
  workspaceId: string;
  /** @example "project.transitioned" */
  type: string;
  /** @example 1 */
  version: number;
  /** @example "2026-11-29T10:00:00.000Z" */
  occurredAt: string;
  actor: ActorReferenceResponse | null;
  /** Shaped by the type's schema (GET /v1/event-types). @example {"transition":"Start","from":"Backlog","to":"In progress"} */
  data: Record<string, unknown>;
  /** @example "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" */
  traceparent: string | null;
  /** @example null */
  causationId: string | null;
  /** @example 0 */
  depth: number;
  /** When the relay handed it to its consumers; null while it waits. @example "2026-11-29T10:00:00.020Z" */
  relayedAt: string | null;

  static of(event: OutboxEvent): EventResponse {
    return {
      id: event.id,
      workspaceId: event.workspaceId,
      type: event.type,
      version: event.version,
      occurredAt: event.occurredAt.toISOString(),
      actor: ActorReferenceResponse.of(event.actorType, event.actorId),
      data: event.data,
      traceparent: event.traceparent,
      causationId: event.causationId,
      depth: event.depth,
      relayedAt: event.relayedAt?.toISOString() ?? null,
    };
  }
}

export class EventListResponse {
  data: EventResponse[];
  /** @example null */
  nextCursor: string | null;
}
