import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { newId, queryRows, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { attemptOutcome } from '../deliveries/webhook-attempt-outcome';
import { WebhookDeliveryAttempt } from '../deliveries/webhook-delivery-attempt.entity';
import { WebhookDelivery } from '../deliveries/webhook-delivery.entity';
import { webhookMessageId } from '../deliveries/webhook-message-id';
import { WebhookEndpointResponse } from '../endpoints/dto/webhook-endpoint.response';
import { WebhookEndpoint } from '../endpoints/webhook-endpoint.entity';
import { WebhookEndpointsService } from '../endpoints/webhook-endpoints.service';
import type { WebhookDeliveryOutcome } from '../outbound';
import { WEBHOOK_ENDPOINT_DISABLED, WEBHOOK_EVENT_VERSION } from '../webhook-event-types';
import type { WebhookDeliveryEnd } from '../webhook-metrics';
import { retryDelayAfter, WEBHOOK_DISABLE_AFTER_FAILING_MS } from '../webhook-retry-schedule';
import { WEBHOOK_ATTEMPT_QUEUE, WebhookAttemptJob } from './webhook-attempt-job';

/** How often a delivery of a workspace on hold looks again, as a job run of one does (HOLD_RECHECK_SECONDS). */
export const WEBHOOK_HOLD_RECHECK_SECONDS = 60;

/** Error texts are kept this long: enough to diagnose. */
const ERROR_MAX_LENGTH = 2_000;

/** What an attempt needs to be made, read in one transaction and used outside any. */
export interface PreparedAttempt {
  kind: 'send';
  url: string;
  /** The endpoint's current secret first, then one a rotation replaced less than 24 hours ago. */
  secrets: string[];
  /** The webhook-id: the delivery's, the same on every attempt of it. */
  messageId: string;
  body: string;
}

/** No attempt to make; `cancelled` when this ended the delivery (its endpoint is disabled). */
export interface SkippedAttempt {
  kind: 'skip';
  cancelled: boolean;
}

/** What recording an attempt did, for the metrics and the log once it committed. */
export interface RecordedAttempt {
  /** Set when the delivery reached an end with this attempt. */
  ended?: WebhookDeliveryEnd;
  /** Set when this attempt made Keel disable the endpoint. */
  disabledEndpoint?: { endpointId: string; failingSince: string | null };
}

/**
 * The delivery records around an attempt, each step in the delivery's tenant
 * transaction: `prepare` before the request is sent, `record` after. Only the
 * job of the delivery's next attempt number gets past either, so a repeated
 * job neither sends an attempt that was recorded nor records one twice.
 */
@Injectable()
export class WebhookAttempts {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly endpoints: WebhookEndpointsService,
    private readonly queue: JobQueue,
    private readonly outbox: Outbox,
  ) {}

  /**
   * The attempt to make, or a skip: the delivery (or its endpoint) is gone,
   * the attempt was made already, or the endpoint is disabled — then a
   * pending delivery is cancelled.
   */
  async prepare(job: WebhookAttemptJob): Promise<PreparedAttempt | SkippedAttempt> {
    const { workspaceId, deliveryId } = job;
    const skip: SkippedAttempt = { kind: 'skip', cancelled: false };
    const delivery = await this.txHost.tx.getRepository(WebhookDelivery).findOneBy({ workspaceId, id: deliveryId });
    if (!delivery || delivery.attemptCount !== job.attempt - 1) return skip;
    const endpoint = await this.txHost.tx
      .getRepository(WebhookEndpoint)
      .findOneBy({ workspaceId, id: delivery.endpointId });
    if (!endpoint) return skip;
    if (!endpoint.enabled) {
      const cancelled = await queryRows(
        this.txHost.tx,
        `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 AND attempt_count = $3 AND status = 'pending'
          RETURNING id`,
        [workspaceId, deliveryId, job.attempt - 1],
      );
      return { kind: 'skip', cancelled: cancelled.length > 0 };
    }
    return {
      kind: 'send',
      url: endpoint.url,
      secrets: this.endpoints.signingSecrets(endpoint),
      messageId: webhookMessageId(delivery.id),
      body: delivery.body,
    };
  }

  /**
   * Holds the attempt while the workspace is on hold (suspended, or deleted
   * and in its grace period): nothing is sent, no attempt is spent, and the
   * same attempt looks again in WEBHOOK_HOLD_RECHECK_SECONDS (its delivery
   * stays pending, its next attempt time saying when). Nothing when the
   * delivery has moved on (another job made this attempt).
   */
  async deferForHold(job: WebhookAttemptJob): Promise<boolean> {
    const held = await queryRows(
      this.txHost.tx,
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND attempt_count = $3 AND status = 'pending'
        RETURNING id`,
      [job.workspaceId, job.deliveryId, job.attempt - 1, WEBHOOK_HOLD_RECHECK_SECONDS],
    );
    if (held.length === 0) return false;
    await this.queue.sendInTransaction(this.txHost.tx, WEBHOOK_ATTEMPT_QUEUE, job, {
      startAfter: WEBHOOK_HOLD_RECHECK_SECONDS,
    });
    return true;
  }

  /**
   * Records what the attempt got and what comes next: a 2xx delivers, a
   * failure schedules the next attempt (a new job, in this transaction) or,
   * after the last one, fails the delivery. The endpoint's failure run starts
   * at its first failure after a success and ends at its next success; one
   * that has lasted 5 days disables the endpoint and publishes
   * `webhook_endpoint.disabled`. Null when another job recorded this
   * attempt number first.
   */
  async record(
    job: WebhookAttemptJob,
    outcome: WebhookDeliveryOutcome,
    attemptedAt: Date,
  ): Promise<RecordedAttempt | null> {
    const { workspaceId, deliveryId, attempt } = job;
    const delivery = await this.txHost.tx
      .getRepository(WebhookDelivery)
      .createQueryBuilder('delivery')
      .where('delivery.workspace_id = :workspaceId AND delivery.id = :deliveryId', { workspaceId, deliveryId })
      .setLock('pessimistic_write')
      .getOne();
    if (!delivery || delivery.attemptCount !== attempt - 1) return null;

    const row = attemptRow(job, outcome, attemptedAt);
    await this.txHost.tx.getRepository(WebhookDeliveryAttempt).insert(row);

    if (row.outcome === 'success') {
      await this.txHost.tx.query(
        `UPDATE webhook_deliveries
            SET status = 'delivered', attempt_count = $3, next_attempt_at = NULL, delivered_at = now(), updated_at = now()
          WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, deliveryId, attempt],
      );
      await this.txHost.tx.query(
        `UPDATE webhook_endpoints SET failing_since = NULL
          WHERE workspace_id = $1 AND id = $2 AND failing_since IS NOT NULL`,
        [workspaceId, delivery.endpointId],
      );
      return { ended: 'delivered' };
    }

    const delay = retryDelayAfter(attempt);
    await this.txHost.tx.query(
      `UPDATE webhook_deliveries
          SET status = $4, attempt_count = $3, updated_at = now(),
              next_attempt_at = CASE WHEN $5::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $5::integer) END
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, deliveryId, attempt, delay === null ? 'failed' : 'pending', delay],
    );
    if (delay !== null) {
      const next: WebhookAttemptJob = { workspaceId, deliveryId, attempt: attempt + 1 };
      // startAfter in seconds counts from this transaction's now(), like next_attempt_at above.
      await this.queue.sendInTransaction(this.txHost.tx, WEBHOOK_ATTEMPT_QUEUE, next, { startAfter: delay });
    }
    const disabledEndpoint = await this.countFailure(workspaceId, delivery.endpointId, row);
    return { ended: delay === null ? 'failed' : undefined, disabledEndpoint };
  }

  /**
   * Starts or continues the endpoint's failure run; disables the endpoint
   * once the run has lasted 5 days (and then says since when it failed).
   */
  private async countFailure(
    workspaceId: string,
    endpointId: string,
    attempt: WebhookDeliveryAttempt,
  ): Promise<RecordedAttempt['disabledEndpoint']> {
    const [failing] = await queryRows<{ long_enough: boolean }>(
      this.txHost.tx,
      `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $3)
        WHERE workspace_id = $1 AND id = $2
        RETURNING enabled AND failing_since <= now() - make_interval(secs => $4::double precision) AS long_enough`,
      [workspaceId, endpointId, attempt.attemptedAt, WEBHOOK_DISABLE_AFTER_FAILING_MS / 1000],
    );
    if (!failing?.long_enough) return undefined;
    const disabled = await queryRows(
      this.txHost.tx,
      `UPDATE webhook_endpoints
          SET enabled = false, disabled_at = now(), disabled_reason = 'failing', updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND enabled
        RETURNING id`,
      [workspaceId, endpointId],
    );
    if (disabled.length !== 1) return undefined;
    const endpoint = await this.endpoints.get(workspaceId, endpointId);
    await this.outbox.publish(workspaceId, {
      type: WEBHOOK_ENDPOINT_DISABLED,
      version: WEBHOOK_EVENT_VERSION,
      data: {
        endpoint: WebhookEndpointResponse.of(endpoint),
        lastAttempt: {
          deliveryId: attempt.deliveryId,
          number: attempt.number,
          outcome: attempt.outcome,
          statusCode: attempt.statusCode,
          error: attempt.error,
          attemptedAt: attempt.attemptedAt.toISOString(),
        },
      },
    });
    return { endpointId, failingSince: endpoint.failingSince?.toISOString() ?? null };
  }
}

function attemptRow(
  job: WebhookAttemptJob,
  outcome: WebhookDeliveryOutcome,
  attemptedAt: Date,
): WebhookDeliveryAttempt {
  const base = {
    workspaceId: job.workspaceId,
    id: newId(),
    deliveryId: job.deliveryId,
    number: job.attempt,
    manual: job.manual ?? false,
    latencyMs: outcome.latencyMs,
    attemptedAt,
  };
  if (outcome.kind === 'response') {
    return {
      ...base,
      outcome: attemptOutcome(outcome),
      statusCode: outcome.status,
      responseExcerpt: storableText(outcome.bodyExcerpt),
      error: null,
    };
  }
  return {
    ...base,
    outcome: attemptOutcome(outcome),
    statusCode: null,
    responseExcerpt: null,
    error: storableText(outcome.error).slice(0, ERROR_MAX_LENGTH),
  };
}

/** PostgreSQL text cannot hold NUL, which a receiver's response may well contain. */
function storableText(text: string): string {
  return text.replaceAll('\u0000', '');
}
