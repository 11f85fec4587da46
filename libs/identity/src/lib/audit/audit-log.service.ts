import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource, EntityManager } from 'typeorm';
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
import { AUDIT_CHAIN_GENESIS, AUDIT_CHAIN_LOCK_CLASS, AuditChainKey, chainHash, ChainedAuditRow } from './audit-chain';
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

  private base(): Pick<
    AuditEvent,
    'id' | 'clientAddress' | 'userAgent' | 'requestId' | 'actorType' | 'actorId' | 'occurredAt'
  > {
    const actor = this.actors.optional;
    const reference = actor ? actorReference(actor) : undefined;
    return {
      id: newId(),
      // Set here, to the millisecond, so the hash covers exactly the time stored.
      occurredAt: new Date(),
      actorType: reference?.type ?? null,
      actorId: reference?.id ?? null,
      clientAddress: this.request.clientAddress ?? null,
      userAgent: this.request.userAgent ?? null,
      requestId: this.request.requestId ?? null,
    };
  }

  /**
   * The entry's data, naming who really acted when a platform admin acts as the
   * user (both identities); as JSON will store it (dates as text, no undefined),
   * so the hash covers what is read back.
   */
  private dataOf(entry: AuditEntry): Record<string, unknown> {
    const actor = this.actors.optional;
    const impersonatorId = actor?.kind === 'user' ? actor.impersonation?.actorUserId : undefined;
    const data = impersonatorId ? { ...entry.data, impersonatorId } : (entry.data ?? {});
    return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  }

  /**
   * Appends `row` to its chain in `manager`'s transaction: a transaction-level
   * advisory lock on the chain serialises writers of the same chain until they
   * commit (so two never take the same place), then the head is read and the
   * row stored with the next seq, the head's hash and its own.
   */
  private async appendToChain<T extends AuditEvent | AccountAuditEvent>(
    manager: EntityManager,
    chain: AuditChainKey,
    entity: new () => T,
    row: Omit<ChainedAuditRow, 'seq' | 'prevHash'> & Partial<T>,
  ): Promise<void> {
    const [table, column] =
      chain.kind === 'workspace' ? ['audit_events', 'workspace_id'] : ['account_audit_events', 'user_id'];
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      AUDIT_CHAIN_LOCK_CLASS[chain.kind],
      chain.id,
    ]);
    const [head]: { seq: string; hash: string }[] = await manager.query(
      `SELECT seq, hash FROM ${table} WHERE ${column} = $1 ORDER BY seq DESC LIMIT 1`,
      [chain.id],
    );
    const link = { ...row, seq: head ? Number(head.seq) + 1 : 1, prevHash: head?.hash ?? AUDIT_CHAIN_GENESIS };
    await insertRows(manager, entity, { ...link, hash: chainHash(chain, link) } as Partial<T>);
  }

  /** A workspace event, inside the open tenant transaction of that workspace (or a new one): it commits with the change. */
  async recordInWorkspace(workspaceId: string, entry: AuditEntry): Promise<void> {
    const row = {
      ...this.base(),
      workspaceId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      data: this.dataOf(entry),
    };
    await this.tenants.runInTenantTransaction(workspaceId, () =>
      this.appendToChain(this.txHost.tx, { kind: 'workspace', id: workspaceId }, AuditEvent, row),
    );
  }

  /**
   * An account event, in a transaction of its own: it is kept even when the
   * request then fails (a failed sign-in is recorded, then answered 401). An
   * event that concerns no account goes to the trail of NO_ACCOUNT_USER_ID.
   */
  async recordForAccount(entry: AccountAuditEntry): Promise<void> {
    const base = this.base();
    const userId = entry.subjectUserId ?? NO_ACCOUNT_USER_ID;
    const row = {
      ...base,
      ...(entry.actorUserId ? { actorType: 'user', actorId: entry.actorUserId } : {}),
      userId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      data: this.dataOf(entry),
    };
    await runInRestrictedScope(this.dataSource, { user_id: userId }, (manager) =>
      this.appendToChain(manager, { kind: 'account', id: userId }, AccountAuditEvent, row),
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
