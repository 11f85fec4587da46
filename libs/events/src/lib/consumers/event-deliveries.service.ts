import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainEvent } from '../domain-event';
import { EventDelivery } from './event-delivery.entity';

/** Errors are kept this long: enough to diagnose, never a whole response dump. */
const ERROR_MAX_LENGTH = 2_000;

/** The delivery records of consumers; every method runs in the event workspace's tenant transaction. */
@Injectable()
export class EventDeliveries {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  /**
   * Claims the (consumer, event) pair as delivered, in the transaction of the
   * effect. False when it was delivered already: the caller then does
   * nothing. A concurrent duplicate waits on the unique index until this
   * transaction ends, and then finds it delivered.
   */
  async claim(consumer: string, event: DomainEvent): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO event_deliveries (workspace_id, id, consumer, event_id, event_type, status, attempts, delivered_at)
       VALUES ($1, $2, $3, $4, $5, 'delivered', 1, now())
       ON CONFLICT (workspace_id, consumer, event_id) DO UPDATE
          SET status = 'delivered', attempts = event_deliveries.attempts + 1, last_error = NULL,
              delivered_at = now(), updated_at = now()
        WHERE event_deliveries.status <> 'delivered'
       RETURNING id`,
      [event.workspaceId, newId(), consumer, event.id, event.type],
    );
    return rows.length === 1;
  }

  /** Counts a failed attempt; `dead` when it was the last one. Never downgrades a delivered pair. */
  async recordFailure(consumer: string, event: DomainEvent, error: string, dead: boolean): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO event_deliveries (workspace_id, id, consumer, event_id, event_type, status, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
       ON CONFLICT (workspace_id, consumer, event_id) DO UPDATE
          SET status = $6, attempts = event_deliveries.attempts + 1, last_error = $7, updated_at = now()
        WHERE event_deliveries.status <> 'delivered'`,
      [
        event.workspaceId,
        newId(),
        consumer,
        event.id,
        event.type,
        dead ? 'dead' : 'retrying',
        error.slice(0, ERROR_MAX_LENGTH),
      ],
    );
  }

  /** A delivery pg-boss gave up on (its last attempt failed or was lost): a dead letter, unless it took effect. */
  async markDead(consumer: string, event: DomainEvent): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO event_deliveries (workspace_id, id, consumer, event_id, event_type, status, last_error)
       VALUES ($1, $2, $3, $4, $5, 'dead', 'The last attempt was lost (its worker stopped or it timed out).')
       ON CONFLICT (workspace_id, consumer, event_id) DO UPDATE
          SET status = 'dead', updated_at = now()
        WHERE event_deliveries.status <> 'delivered'`,
      [event.workspaceId, newId(), consumer, event.id, event.type],
    );
  }

  /** Dead letters, newest first. */
  listDead(workspaceId: string, limit: number, beforeId?: string): Promise<EventDelivery[]> {
    const query = this.txHost.tx
      .getRepository(EventDelivery)
      .createQueryBuilder('delivery')
      .where('delivery.workspace_id = :workspaceId AND delivery.status = :status', { workspaceId, status: 'dead' })
      .orderBy('delivery.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('delivery.id < :beforeId', { beforeId });
    return query.getMany();
  }

  get(workspaceId: string, id: string): Promise<EventDelivery | null> {
    return this.txHost.tx.getRepository(EventDelivery).findOneBy({ workspaceId, id });
  }

  async markRetrying(workspaceId: string, id: string): Promise<void> {
    await this.txHost.tx
      .getRepository(EventDelivery)
      .update({ workspaceId, id }, { status: 'retrying', updatedAt: new Date() });
  }
}
