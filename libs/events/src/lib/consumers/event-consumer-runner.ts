import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type PgBoss from 'pg-boss';
import { TenantTransactions } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { EventMetrics } from '../event-metrics';
import { consumerQueue, DEAD_LETTER_QUEUE, EventConsumer, EventDeliveryJob } from './event-consumer';
import { EventConsumers } from './event-consumers';
import { EventDeliveries } from './event-deliveries.service';
import { EventHandling } from './event-handling';

const DEFAULT_RETRY_LIMIT = 5;
const DEFAULT_EXPIRE_SECONDS = 30;
/** First retry after about this many seconds, doubling each time (with jitter, by pg-boss). */
const RETRY_DELAY_SECONDS = 2;
const BATCH_SIZE = 10;

/**
 * Creates each consumer's queue and, in worker processes, works it: every
 * delivery runs in the event workspace's tenant transaction, claims the
 * (consumer, event) pair there, and only then lets the consumer act — so a
 * repeat delivery (a retry after a crash, a duplicate job) takes no effect.
 * The consumer acts as the handling of the event: what it publishes carries
 * the event as its cause and continues the event's trace.
 * A failure is counted in a transaction of its own and thrown back to
 * pg-boss, which retries with backoff and dead-letters the last failure.
 */
@Injectable()
export class EventConsumerRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventConsumerRunner.name);
  private markReady: () => void = () => undefined;
  /** Resolves when every consumer queue exists: jobs can be sent to them. */
  readonly queuesReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly queue: JobQueue,
    private readonly consumers: EventConsumers,
    private readonly tenants: TenantTransactions,
    private readonly deliveries: EventDeliveries,
    private readonly handling: EventHandling,
    private readonly cls: ClsService,
    private readonly metrics: EventMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.declareQueue(DEAD_LETTER_QUEUE, { retryLimit: 10, retryBackoff: true });
    for (const consumer of this.consumers.all()) {
      await this.queue.declareQueue(consumerQueue(consumer.name), {
        retryLimit: consumer.retryLimit ?? DEFAULT_RETRY_LIMIT,
        retryDelay: RETRY_DELAY_SECONDS,
        retryBackoff: true,
        expireInSeconds: consumer.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
        deadLetter: DEAD_LETTER_QUEUE,
      });
    }
    this.markReady();
    if (!this.queue.runsWorkers) return;
    for (const consumer of this.consumers.all()) {
      await this.queue.workEach<EventDeliveryJob>(
        consumerQueue(consumer.name),
        { batchSize: BATCH_SIZE, pollingIntervalSeconds: 2 },
        (job) => this.deliver(consumer, job),
      );
    }
    await this.queue.workEach<EventDeliveryJob>(
      DEAD_LETTER_QUEUE,
      { batchSize: BATCH_SIZE, pollingIntervalSeconds: 2 },
      (job) => this.bury(job),
    );
  }

  private async deliver(consumer: EventConsumer, job: PgBoss.JobWithMetadata<EventDeliveryJob>): Promise<void> {
    const { event } = job.data;
    const started = performance.now();
    this.metrics.pickupLatency.observe(
      { consumer: consumer.name },
      Math.max(0, Date.now() - Date.parse(event.occurredAt)) / 1000,
    );
    await this.cls.run(async () => {
      try {
        const delivered = await this.tenants.runInTenantTransaction(event.workspaceId, async () => {
          if (!(await this.deliveries.claim(consumer.name, event))) return false;
          await this.handling.within(event, () => consumer.handle(event));
          return true;
        });
        this.metrics.consumed.inc({ consumer: consumer.name, outcome: delivered ? 'delivered' : 'duplicate' });
      } catch (error) {
        const dead = job.retryCount >= job.retryLimit;
        await this.tenants
          .runInTenantTransaction(event.workspaceId, () =>
            this.deliveries.recordFailure(consumer.name, event, messageOf(error), dead),
          )
          .catch((failure: Error) =>
            this.logger.warn({ err: { message: failure.message }, msg: 'could not record the failed delivery' }),
          );
        this.metrics.consumed.inc({ consumer: consumer.name, outcome: dead ? 'dead' : 'failed' });
        this.logger.warn({
          consumer: consumer.name,
          eventId: event.id,
          attempt: job.retryCount + 1,
          err: { message: messageOf(error) },
          msg: dead ? 'event delivery dead-lettered' : 'event delivery failed; will retry',
        });
        throw error;
      } finally {
        this.metrics.consumeDuration.observe({ consumer: consumer.name }, (performance.now() - started) / 1000);
      }
    });
  }

  /** pg-boss gave up on this delivery (its last attempt failed, or was lost with its worker): a dead letter. */
  private async bury(job: PgBoss.Job<EventDeliveryJob>): Promise<void> {
    const { consumer, event } = job.data;
    await this.cls.run(() =>
      this.tenants.runInTenantTransaction(event.workspaceId, () => this.deliveries.markDead(consumer, event)),
    );
    this.metrics.deadLetters.inc({ consumer });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
