import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { OutboxEvent } from '../outbox/outbox-event.entity';

/** A workspace's events as the outbox keeps them; in its tenant transaction. */
@Injectable()
export class RecentEventsService {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  /** Newest first. */
  list(workspaceId: string, type: string | undefined, limit: number, beforeId?: string): Promise<OutboxEvent[]> {
    const query = this.txHost.tx
      .getRepository(OutboxEvent)
      .createQueryBuilder('event')
      .where('event.workspace_id = :workspaceId', { workspaceId })
      .orderBy('event.id', 'DESC')
      .limit(limit + 1);
    if (type) query.andWhere('event.type = :type', { type });
    if (beforeId) query.andWhere('event.id < :beforeId', { beforeId });
    return query.getMany();
  }

  get(workspaceId: string, id: string): Promise<OutboxEvent | null> {
    return this.txHost.tx.getRepository(OutboxEvent).findOneBy({ workspaceId, id });
  }
}
