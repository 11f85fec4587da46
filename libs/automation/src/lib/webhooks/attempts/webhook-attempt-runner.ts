import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TenantTransactions } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { WorkspaceHolds } from '@keel/tenancy';
import { attemptOutcome } from '../deliveries/webhook-attempt-outcome';
import { sendWebhook, signWebhook, WebhookDeliveryOutcome } from '../outbound';
import { WebhookMetrics } from '../webhook-metrics';
import { WEBHOOK_ATTEMPT_QUEUE, WebhookAttemptJob } from './webhook-attempt-job';
import { RecordedAttempt, WebhookAttempts } from './webhook-attempts.service';
import { AutomationConfig } from '../../automation-config';

/**
 * pg-boss retries a job only when its worker died holding it (the job
 * expired) or the database failed around the attempt: a receiver's failure is
 * recorded, never thrown, and the schedule sends the next attempt as a job of
 * its own.
 */
const CRASH_RETRY_LIMIT = 3;
const CRASH_RETRY_DELAY_SECONDS = 5;
/** Time for the two short transactions around the request. */
const EXPIRY_MARGIN_SECONDS = 20;
/** Several workers of a few jobs each (WEBHOOK_CONCURRENCY in all): one slow receiver holds up only its own batch. */
const MAX_WORKERS = 4;

/**
 * Makes webhook delivery attempts. Each job reads its delivery and endpoint
 * in a tenant transaction, signs and sends outside any transaction (a slow
 * receiver holds no connection), then records the outcome and what follows in
 * another. A worker killed mid-send leaves the job to expire and run again:
 * the same attempt is made once more (the same webhook-id, the delivery's,
 * which receivers deduplicate on), never lost.
 */
@Injectable()
export class WebhookAttemptRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookAttemptRunner.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly attempts: WebhookAttempts,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
    private readonly config: AutomationConfig,
    private readonly metrics: WebhookMetrics,
    private readonly holds: WorkspaceHolds,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.declareQueue(WEBHOOK_ATTEMPT_QUEUE, {
      retryLimit: CRASH_RETRY_LIMIT,
      retryDelay: CRASH_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: Math.ceil(this.config.WEBHOOK_TIMEOUT_MS / 1000) + EXPIRY_MARGIN_SECONDS,
    });
    if (!this.queue.runsWorkers) return;
    const workers = Math.min(MAX_WORKERS, this.config.WEBHOOK_CONCURRENCY);
    const batchSize = Math.floor(this.config.WEBHOOK_CONCURRENCY / workers);
    for (let worker = 0; worker < workers; worker++) {
      await this.queue.workEach<WebhookAttemptJob>(
        WEBHOOK_ATTEMPT_QUEUE,
        { batchSize, pollingIntervalSeconds: 2 },
        (job) => this.attemptLogged(job.data),
      );
    }
  }

  /** An attempt that fails here (not the receiver: the database, a lost secret) is logged and retried by pg-boss. */
  private async attemptLogged(job: WebhookAttemptJob): Promise<void> {
    try {
      await this.attempt(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ ...job, err: { message }, msg: 'webhook attempt failed; pg-boss will retry it' });
      throw error;
    }
  }

  /**
   * One attempt of one delivery, unless it was made already or its endpoint
   * is disabled or gone; held, unsent, while its workspace is on hold.
   */
  async attempt(job: WebhookAttemptJob): Promise<void> {
    if (await this.holds.find(job.workspaceId)) {
      const held = await this.inTenant(job.workspaceId, () => this.attempts.deferForHold(job));
      if (held) this.logger.log({ ...job, msg: 'webhook attempt held: the workspace is on hold' });
      return;
    }
    const prepared = await this.inTenant(job.workspaceId, () => this.attempts.prepare(job));
    if (prepared.kind === 'skip') {
      if (prepared.cancelled) this.metrics.ended('cancelled');
      return;
    }
    const attemptedAt = new Date();
    const headers = signWebhook({
      secrets: prepared.secrets,
      messageId: prepared.messageId,
      timestamp: attemptedAt,
      body: prepared.body,
    });
    const outcome = await sendWebhook(
      { url: prepared.url, body: prepared.body, headers },
      { allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs: this.config.WEBHOOK_TIMEOUT_MS },
    );
    const recorded = await this.inTenant(job.workspaceId, () => this.attempts.record(job, outcome, attemptedAt));
    // Counted once it committed; an attempt another job recorded first was still made.
    this.metrics.attempted(attemptOutcome(outcome), outcome.latencyMs);
    if (recorded?.ended) this.metrics.ended(recorded.ended);
    this.logAttempt(job, outcome, recorded);
    if (recorded?.disabledEndpoint) {
      this.metrics.endpointsDisabled.inc();
      this.logger.warn({
        workspaceId: job.workspaceId,
        ...recorded.disabledEndpoint,
        msg: 'webhook endpoint disabled after failing for 5 days',
      });
    }
  }

  /** One line per attempt: where it went (the delivery, never the URL: it may carry a token), what came back, what follows. */
  private logAttempt(job: WebhookAttemptJob, outcome: WebhookDeliveryOutcome, recorded: RecordedAttempt | null): void {
    const line = {
      workspaceId: job.workspaceId,
      deliveryId: job.deliveryId,
      attempt: job.attempt,
      outcome: attemptOutcome(outcome),
      ...(outcome.kind === 'response' ? { status: outcome.status } : { error: outcome.error }),
      durationMs: Math.round(outcome.latencyMs),
      // delivered, failed (no attempt left), or pending (another attempt is scheduled).
      delivery: recorded?.ended ?? 'pending',
      msg: 'webhook attempt',
    };
    if (outcome.kind === 'response' && outcome.success) this.logger.log(line);
    else this.logger.warn(line);
  }

  private inTenant<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
    return this.cls.run(() => this.tenants.runInTenantTransaction(workspaceId, work));
  }
}
