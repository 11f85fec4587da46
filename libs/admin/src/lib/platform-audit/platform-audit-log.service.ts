import { Injectable } from '@nestjs/common';
import { ActorContext, actorReference } from '@keel/identity';
import { RequestContext } from '@keel/platform-context';
import { GlobalTables, insertRows, newId, TrailFilter, whereTrail } from '@keel/platform-database';
import { PlatformAuditEvent } from './platform-audit-event.entity';

export interface PlatformAuditEntry {
  action: string;
  target?: { type: string; id: string };
  reason?: string | null;
  data?: Record<string, unknown>;
  /** Overrides the request's actor: the command line (`cli`, the operating-system user). */
  actor?: { type: string; id: string };
}

/** Extra filters of the platform log beyond who, what and when. */
export interface PlatformAuditFilter extends TrailFilter {
  targetId?: string;
}

/**
 * The platform audit log: every `/v1/admin/*` request and every grant or
 * revocation of the admin role, with actor, target, reason, request id and
 * client address. Written in a transaction of its own, so the entry is kept
 * even when the request then fails.
 */
@Injectable()
export class PlatformAuditLog {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly actors: ActorContext,
    private readonly request: RequestContext,
  ) {}

  async record(entry: PlatformAuditEntry): Promise<void> {
    const actor = entry.actor ?? this.requestActor();
    const row: Partial<PlatformAuditEvent> = {
      id: newId(),
      action: entry.action,
      actorType: actor?.type ?? null,
      actorId: actor?.id ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      reason: entry.reason ?? null,
      data: entry.data ?? {},
      clientAddress: this.request.clientAddress ?? null,
      userAgent: this.request.userAgent ?? null,
      requestId: this.request.requestId ?? null,
    };
    await insertRows(this.globalTables.manager, PlatformAuditEvent, row);
  }

  /** Newest first, keyset-paginated on the id (UUIDv7: creation order). */
  list(filter: PlatformAuditFilter, limit: number, beforeId?: string): Promise<PlatformAuditEvent[]> {
    const query = this.globalTables.manager
      .getRepository(PlatformAuditEvent)
      .createQueryBuilder('event')
      .orderBy('event.id', 'DESC')
      .limit(limit + 1);
    whereTrail(query, 'event', filter);
    if (filter.targetId) query.andWhere('event.target_id = :targetId', { targetId: filter.targetId });
    if (beforeId) query.andWhere('event.id < :beforeId', { beforeId });
    return query.getMany();
  }

  private requestActor(): { type: string; id: string } | undefined {
    const actor = this.actors.optional;
    return actor ? actorReference(actor) : undefined;
  }
}
