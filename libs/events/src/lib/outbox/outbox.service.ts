import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { formatTraceparent, RequestContext } from '@keel/platform-context';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { EventCatalog } from '../catalog/event-catalog';
import { EventCause } from './event-cause';
import { OutboxEvent } from './outbox-event.entity';

/** What a context publishes; the outbox adds the id, time, actor and trace. */
export interface NewDomainEvent<TData extends object = Record<string, unknown>> {
  type: string;
  version: number;
  data: TData;
  /** The event that caused this one, when an automation acts on an event. */
  causationId?: string;
  depth?: number;
}

/**
 * Writes domain events into the outbox inside the caller's open tenant
 * transaction: the event commits with the change or not at all (a trigger
 * NOTIFYs the relay at commit). Publishing outside a transaction of that
 * workspace, a type missing from the catalog or data that does not match its
 * schema are programming errors and throw.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly actors: ActorContext,
    private readonly request: RequestContext,
    private readonly catalog: EventCatalog,
    private readonly cause: EventCause,
  ) {}

  async publish<TData extends object>(workspaceId: string, event: NewDomainEvent<TData>): Promise<string> {
    if (this.tenants.currentWorkspaceId !== workspaceId) {
      throw new Error(`An event of workspace ${workspaceId} must be published inside that workspace's transaction.`);
    }
    this.catalog.assertValid(event.type, event.version, event.data);
    const cause = this.cause.current;
    const actor = this.actors.optional;
    const reference = actor ? actorReference(actor) : undefined;
    const trace = this.request.trace;
    const id = newId();
    const row: Partial<OutboxEvent> = {
      workspaceId,
      id,
      type: event.type,
      version: event.version,
      occurredAt: new Date(),
      actorType: reference?.type ?? null,
      actorId: reference?.id ?? null,
      data: event.data as Record<string, unknown>,
      traceparent: trace ? formatTraceparent(trace) : null,
      causationId: event.causationId ?? cause?.causationId ?? null,
      depth: event.depth ?? cause?.depth ?? 0,
    };
    await insertRows(this.txHost.tx, OutboxEvent, row);
    return id;
  }
}
