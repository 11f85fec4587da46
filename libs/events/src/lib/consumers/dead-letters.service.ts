import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { JobQueue } from '@keel/platform-queue';
import { RecentEventsService } from '../feed/recent-events.service';
import { domainEventOf } from '../outbox/to-domain-event';
import { consumerQueue, EventDeliveryJob } from './event-consumer';
import { EventConsumers } from './event-consumers';
import { EventDeliveries } from './event-deliveries.service';
import { EventDelivery } from './event-delivery.entity';

/** Listing and replaying dead letters; in the workspace's tenant transaction. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly deliveries: EventDeliveries,
    private readonly events: RecentEventsService,
    private readonly consumers: EventConsumers,
    private readonly queue: JobQueue,
  ) {}

  list(workspaceId: string, limit: number, beforeId?: string): Promise<EventDelivery[]> {
    return this.deliveries.listDead(workspaceId, limit, beforeId);
  }

  /**
   * Sends the event to its consumer once more, in this transaction; the
   * delivery is `retrying` until it takes effect (and takes effect at most
   * once, like any delivery).
   */
  async replay(workspaceId: string, deliveryId: string): Promise<EventDelivery> {
    const delivery = await this.deliveries.get(workspaceId, deliveryId);
    if (!delivery) {
      throw new DomainError('NOT_FOUND', 'No dead letter of this workspace has this id.');
    }
    if (delivery.status !== 'dead') {
      throw new DomainError('CONFLICT', `This delivery is ${delivery.status}, not dead: there is nothing to replay.`);
    }
    const stored = await this.events.get(workspaceId, delivery.eventId);
    const consumer = this.consumers.get(delivery.consumer);
    if (!stored || !consumer) {
      throw new DomainError(
        'CONFLICT',
        'The event or its consumer no longer exists; this dead letter cannot be replayed.',
      );
    }
    const job: EventDeliveryJob = {
      consumer: consumer.name,
      event: domainEventOf(stored),
    };
    await this.deliveries.markRetrying(workspaceId, deliveryId);
    await this.queue.sendInTransaction(this.txHost.tx, consumerQueue(consumer.name), job);
    return { ...delivery, status: 'retrying', updatedAt: new Date() };
  }
}
