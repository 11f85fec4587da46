import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import type { DomainEvent } from '@keel/events';
import { ActorContext, actorReference } from '@keel/identity';
import { newId, queryRows, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError, isUuid } from '@keel/platform-errors';
import { JobQueue } from '@keel/platform-queue';
import { WEBHOOK_ATTEMPT_QUEUE, WebhookAttemptJob } from '../attempts/webhook-attempt-job';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity';
import { WebhookEndpointsService, webhookEndpointNotFound } from '../endpoints/webhook-endpoints.service';
import { WEBHOOK_ENDPOINT_TESTED, WEBHOOK_EVENT_VERSION } from '../webhook-event-types';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** Deliveries (and their attempts) are kept this long after they were made or last retried. */
export const WEBHOOK_DELIVERY_RETENTION = '30 days';

const DEDUPE_KEY_MAX_LENGTH = 200;

/** A delivery with its attempts, oldest first. */
export interface WebhookDeliveryWithAttempts {
  delivery: WebhookDelivery;
  attempts: WebhookDeliveryAttempt[];
}

export function webhookDeliveryNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No webhook delivery of this workspace has this id.');
}

/**
 * Queues deliveries and shows them. A delivery and the job of its first
 * attempt are written in the caller's tenant transaction: both commit with
 * the change that caused them, or neither does.
 */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly queue: JobQueue,
    private readonly endpoints: WebhookEndpointsService,
    private readonly actors: ActorContext,
  ) {}

  private get deliveries() {
    return this.txHost.tx.getRepository(WebhookDelivery);
  }

  /** Whether the workspace has this endpoint (enabled or not). */
  endpointExists(workspaceId: string, endpointId: string): Promise<boolean> {
    return this.tenants.runInTenantTransaction(workspaceId, () => this.endpoints.exists(workspaceId, endpointId));
  }

  /**
   * Queues `event` for one endpoint of the workspace (for automation actions),
   * in the open tenant transaction of the workspace or a new one. The same
   * dedupe key for the same endpoint gives back the delivery it made the first
   * time. 404 NOT_FOUND for an endpoint the workspace does not have, 422
   * WEBHOOK_ADDRESS_REFUSED for one whose address deliveries may not reach; a disabled
   * endpoint's delivery is cancelled when its attempt is due.
   */
  enqueueDelivery(
    workspaceId: string,
    endpointId: string,
    event: DomainEvent,
    dedupeKey: string,
  ): Promise<{ id: string }> {
    if (event.workspaceId !== workspaceId) {
      throw new Error(`An event of workspace ${event.workspaceId} cannot be delivered to workspace ${workspaceId}.`);
    }
    if (dedupeKey.length === 0 || dedupeKey.length > DEDUPE_KEY_MAX_LENGTH) {
      throw new Error(`A webhook dedupe key has 1 to ${DEDUPE_KEY_MAX_LENGTH} characters.`);
    }
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      // An action's delivery that would only be refused fails the action now, saying why, instead of
      // passing as done while every attempt is refused.
      const endpoint = await this.endpoints.get(workspaceId, endpointId);
      await this.endpoints.assertReachable(endpoint.url);
      return { id: await this.enqueue(endpointId, event, dedupeKey) };
    });
  }

  /**
   * For the `webhooks` event consumer, in its tenant transaction: one delivery
   * per enabled endpoint subscribed to the event's type (or to `*`).
   */
  async enqueueForEvent(event: DomainEvent): Promise<number> {
    const endpoints: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM webhook_endpoints
        WHERE workspace_id = $1 AND enabled AND event_types && ARRAY['*', $2]::text[]
        ORDER BY id`,
      [event.workspaceId, event.type],
    );
    for (const endpoint of endpoints) await this.enqueue(endpoint.id, event, `event:${event.id}`);
    return endpoints.length;
  }

  /** The endpoint's deliveries, newest first, each with its attempts. */
  async list(
    workspaceId: string,
    endpointId: string,
    limit: number,
    beforeId?: string,
  ): Promise<WebhookDeliveryWithAttempts[]> {
    if (!(await this.endpoints.exists(workspaceId, endpointId))) throw webhookEndpointNotFound();
    const query = this.deliveries
      .createQueryBuilder('delivery')
      .where('delivery.workspace_id = :workspaceId AND delivery.endpoint_id = :endpointId', { workspaceId, endpointId })
      .orderBy('delivery.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('delivery.id < :beforeId', { beforeId });
    return this.withAttempts(workspaceId, await query.getMany());
  }

  async get(workspaceId: string, deliveryId: string): Promise<WebhookDeliveryWithAttempts> {
    const delivery = await this.find(workspaceId, deliveryId);
    if (!delivery) throw webhookDeliveryNotFound();
    const [found] = await this.withAttempts(workspaceId, [delivery]);
    return found;
  }

  /**
   * Makes a new attempt now, whatever state the delivery is in; it is recorded
   * and followed up like any other (a failure schedules the next attempt while
   * the schedule has one). 409 CONFLICT when the endpoint is disabled.
   */
  async retry(workspaceId: string, deliveryId: string): Promise<WebhookDeliveryWithAttempts> {
    // Locked, so that the attempt number cannot move under us while the job is sent.
    const delivery = await this.find(workspaceId, deliveryId, true);
    if (!delivery) throw webhookDeliveryNotFound();
    assertEnabled(await this.endpoints.get(workspaceId, delivery.endpointId), 'retrying');
    await this.attemptAgain(workspaceId, 'id = $2', [deliveryId]);
    return this.get(workspaceId, deliveryId);
  }

  /**
   * Sends the endpoint a `webhook_endpoint.tested` message now, as a delivery
   * of its own (signed, recorded and retried like any other) that no other
   * endpoint or rule sees. 409 CONFLICT when the endpoint is disabled.
   */
  async sendTest(workspaceId: string, endpointId: string): Promise<WebhookDeliveryWithAttempts> {
    assertEnabled(await this.endpoints.get(workspaceId, endpointId), 'sending a test');
    const actor = this.actors.optional;
    const event: DomainEvent = {
      id: newId(),
      workspaceId,
      type: WEBHOOK_ENDPOINT_TESTED,
      version: WEBHOOK_EVENT_VERSION,
      occurredAt: new Date().toISOString(),
      actor: actor ? actorReference(actor) : null,
      data: { endpointId, message: 'A test message from Keel: this endpoint receives and verifies webhooks.' },
      traceparent: null,
      causationId: null,
      depth: 0,
    };
    const deliveryId = await this.enqueue(endpointId, event, `test:${event.id}`);
    return this.get(workspaceId, deliveryId);
  }

  /**
   * Makes a new attempt now of every delivery of the endpoint created at or
   * after `since` that ended without reaching it (failed, or cancelled while
   * the endpoint was disabled); each is then followed up like a retry. Returns
   * how many. 409 CONFLICT when the endpoint is disabled.
   */
  async replayFailed(workspaceId: string, endpointId: string, since: Date): Promise<number> {
    assertEnabled(await this.endpoints.get(workspaceId, endpointId), 'replaying');
    // Locked and moved to pending in one statement: a concurrent replay finds none of them failed.
    return this.attemptAgain(
      workspaceId,
      `endpoint_id = $2 AND status IN ('failed', 'cancelled') AND created_at >= $3`,
      [endpointId, since],
    );
  }

  /**
   * Moves the workspace's deliveries matching `condition` (parameters from $2) back to pending, kept past their
   * retention, and sends each a manual attempt in one insert; how many.
   */
  private async attemptAgain(workspaceId: string, condition: string, params: unknown[]): Promise<number> {
    const pending = await queryRows<{ id: string; attempt_count: number }>(
      this.txHost.tx,
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = now(), updated_at = now(),
              expires_at = greatest(expires_at, now() + interval '${WEBHOOK_DELIVERY_RETENTION}')
        WHERE workspace_id = $1 AND ${condition}
        RETURNING id, attempt_count`,
      [workspaceId, ...params],
    );
    await this.queue.sendManyInTransaction(
      this.txHost.tx,
      pending.map((delivery) => ({
        name: WEBHOOK_ATTEMPT_QUEUE,
        data: {
          workspaceId,
          deliveryId: delivery.id,
          attempt: delivery.attempt_count + 1,
          manual: true,
        } satisfies WebhookAttemptJob,
      })),
    );
    return pending.length;
  }

  /** Inserts the delivery unless its dedupe key was used, and sends its first attempt; its id either way. */
  private async enqueue(endpointId: string, event: DomainEvent, dedupeKey: string): Promise<string> {
    const workspaceId = event.workspaceId;
    const inserted: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO webhook_deliveries
         (workspace_id, id, endpoint_id, dedupe_key, event_id, event_type, body, status, next_attempt_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', now(), now() + interval '${WEBHOOK_DELIVERY_RETENTION}')
       ON CONFLICT (workspace_id, endpoint_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [workspaceId, newId(), endpointId, dedupeKey, event.id, event.type, JSON.stringify(event)],
    );
    const [delivery] = inserted;
    if (!delivery) {
      const existing = await this.deliveries.findOneByOrFail({ workspaceId, endpointId, dedupeKey });
      return existing.id;
    }
    const job: WebhookAttemptJob = { workspaceId, deliveryId: delivery.id, attempt: 1 };
    await this.queue.sendInTransaction(this.txHost.tx, WEBHOOK_ATTEMPT_QUEUE, job);
    return delivery.id;
  }

  private find(workspaceId: string, deliveryId: string, lock = false): Promise<WebhookDelivery | null> {
    if (!isUuid(deliveryId)) return Promise.resolve(null);
    const query = this.deliveries
      .createQueryBuilder('delivery')
      .where('delivery.workspace_id = :workspaceId AND delivery.id = :deliveryId', { workspaceId, deliveryId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  private async withAttempts(
    workspaceId: string,
    deliveries: WebhookDelivery[],
  ): Promise<WebhookDeliveryWithAttempts[]> {
    if (deliveries.length === 0) return [];
    const attempts = await this.txHost.tx.getRepository(WebhookDeliveryAttempt).find({
      where: { workspaceId, deliveryId: In(deliveries.map((delivery) => delivery.id)) },
      order: { deliveryId: 'ASC', number: 'ASC' },
    });
    return deliveries.map((delivery) => ({
      delivery,
      attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id),
    }));
  }
}

function assertEnabled(endpoint: WebhookEndpoint, doing: string): void {
  if (!endpoint.enabled) {
    throw new DomainError('CONFLICT', `The endpoint is disabled; enable it (PATCH enabled: true) before ${doing}.`);
  }
}
