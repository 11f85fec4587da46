import { DomainEvent } from '../domain-event';
import { OutboxEvent } from './outbox-event.entity';

/** An outbox row as the driver returns it (snake_case, raw SQL). */
export interface OutboxRow {
  workspace_id: string;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  actor_type: string | null;
  actor_id: string | null;
  data: Record<string, unknown>;
  traceparent: string | null;
  causation_id: string | null;
  depth: number;
}

/** The columns of an `OutboxRow`, for the relays' raw SELECTs. */
export const OUTBOX_ROW_COLUMNS =
  'workspace_id, id, type, version, occurred_at, actor_type, actor_id, data, traceparent, causation_id, depth';

export function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor_type && row.actor_id ? { type: row.actor_type, id: row.actor_id } : null,
    data: row.data,
    traceparent: row.traceparent,
    causationId: row.causation_id,
    depth: row.depth,
  };
}

/** The same, from the entity (a repository read). */
export function domainEventOf(event: OutboxEvent): DomainEvent {
  return toDomainEvent({
    workspace_id: event.workspaceId,
    id: event.id,
    type: event.type,
    version: event.version,
    occurred_at: event.occurredAt,
    actor_type: event.actorType,
    actor_id: event.actorId,
    data: event.data,
    traceparent: event.traceparent,
    causation_id: event.causationId,
    depth: event.depth,
  });
}
