import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { RequestContext } from '@keel/platform-context';
import {
  insertRows,
  newId,
  runInRestrictedScope,
  SafeTypeOrmTransactionalAdapter,
  TenantTransactions,
  TrailFilter,
  whereTrail,
} from '@keel/platform-database';
import { ActorContext } from '../authentication/actor-context';
import { actorReference } from '../authentication/actor';
import { AccountAuditEvent, NO_ACCOUNT_USER_ID } from './account-audit-event.entity';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
}

export interface AccountAuditEntry extends AuditEntry {
  /** Whose account; unknown for a sign-in failure on an address without an account. */
  subjectUserId?: string;
  /** Overrides the request's actor, e.g. the user who just signed in. */
  actorUserId?: string;
}

/** Writes audit events with the request's actor, client address, user agent and request id. */
@Injectable()
export class AuditLog {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly actors: ActorContext,
    private readonly request: RequestContext,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private base(): Pick<AuditEvent, 'id' | 'clientAddress' | 'userAgent' | 'requestId' | 'actorType' | 'actorId'> {
    const actor = this.actors.optional;
    const reference = actor ? actorReference(actor) : undefined;
    return {
      id: newId(),
      actorType: reference?.type ?? null,
      actorId: reference?.id ?? null,
      clientAddress: this.request.clientAddress ?? null,
      userAgent: this.request.userAgent ?? null,
      requestId: this.request.requestId ?? null,
    };
  }

  /** The entry's data, naming who really acted when a platform admin acts as the user (both identities). */
  private dataOf(entry: AuditEntry): Record<string, unknown> {
    const actor = this.actors.optional;
    const impersonatorId = actor?.kind === 'user' ? actor.impersonation?.actorUserId : undefined;
    return impersonatorId ? { ...entry.data, impersonatorId } : (entry.data ?? {});
  }

  /** A workspace event, inside the open tenant transaction of that workspace (or a new one): it commits with the change. */
  async recordInWorkspace(workspaceId: string, entry: AuditEntry): Promise<void> {
    const row: Partial<AuditEvent> = {
      ...this.base(),
      workspaceId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      data: this.dataOf(entry),
    };
    await this.tenants.runInTenantTransaction(workspaceId, () => insertRows(this.txHost.tx, AuditEvent, row));
  }

  /**
   * An account event, in a transaction of its own: it is kept even when the
   * request then fails (a failed sign-in is recorded, then answered 401). An
   * event that concerns no account goes to the trail of NO_ACCOUNT_USER_ID.
   */
  async recordForAccount(entry: AccountAuditEntry): Promise<void> {
    const base = this.base();
    const userId = entry.subjectUserId ?? NO_ACCOUNT_USER_ID;
    const row: Partial<AccountAuditEvent> = {
      ...base,
      ...(entry.actorUserId ? { actorType: 'user', actorId: entry.actorUserId } : {}),
      userId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      data: this.dataOf(entry),
    };
    await runInRestrictedScope(this.dataSource, { user_id: userId }, (manager) =>
      insertRows(manager, AccountAuditEvent, row),
    );
  }

  /**
   * A workspace's events, newest first, keyset-paginated on the id (UUIDv7:
   * creation order, and exact where a timestamp cursor would lose microseconds);
   * in its tenant transaction.
   */
  listInWorkspace(workspaceId: string, filter: TrailFilter, limit: number, beforeId?: string): Promise<AuditEvent[]> {
    return this.page(AuditEvent, 'event.workspace_id = :workspaceId', { workspaceId }, filter, limit, beforeId);
  }

  /**
   * A user's account events (sign-ins, password changes and resets, session
   * revocations, …), newest first, in a restricted transaction whose policy
   * shows only the rows whose subject is that user.
   */
  listForAccount(userId: string, filter: TrailFilter, limit: number, beforeId?: string): Promise<AccountAuditEvent[]> {
    return this.tenants.runInRestrictedScope({ user_id: userId }, () =>
      this.page(AccountAuditEvent, 'event.user_id = :userId', { userId }, filter, limit, beforeId),
    );
  }

  /**
   * Every account event of a user, oldest first, for their personal data export;
   * in a restricted transaction that shows only rows whose subject is that user.
   */
  allForAccount(userId: string): Promise<AccountAuditEvent[]> {
    return this.tenants.runInRestrictedScope({ user_id: userId }, () =>
      this.txHost.tx
        .getRepository(AccountAuditEvent)
        .createQueryBuilder('event')
        .where('event.user_id = :userId', { userId })
        .orderBy('event.id', 'ASC')
        .getMany(),
    );
  }

  /** Every event of a workspace a user was the actor of, oldest first; in its tenant transaction. */
  allByUserInWorkspace(workspaceId: string, userId: string): Promise<AuditEvent[]> {
    return this.txHost.tx
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where(`event.workspace_id = :workspaceId AND event.actor_type = 'user' AND event.actor_id = :userId`, {
        workspaceId,
        userId,
      })
      .orderBy('event.id', 'ASC')
      .getMany();
  }

  private page<T extends AuditEvent | AccountAuditEvent>(
    entity: new () => T,
    where: string,
    parameters: Record<string, string>,
    filter: TrailFilter,
    limit: number,
    beforeId?: string,
  ): Promise<T[]> {
    const query = this.txHost.tx
      .getRepository(entity)
      .createQueryBuilder('event')
      .where(where, parameters)
      .orderBy('event.id', 'DESC')
      .limit(limit + 1);
    whereTrail(query, 'event', filter);
    if (beforeId) query.andWhere('event.id < :beforeId', { beforeId });
    return query.getMany();
  }
}
