import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type PgBoss from 'pg-boss';
import { PgNotifications, TenantTransactions } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { WorkspaceHolds } from '@keel/tenancy';
import { ClaimedRun, JobLedger } from '../runs/job-ledger.service';
import { JOB_CANCEL_CHANNEL } from '../runs/job-runs.service';
import { JobContext, JobHandler, jobQueueName, JobRunPointer } from './job-handler';
import { JobHandlers } from './job-handlers';
import { JobMetrics } from './job-metrics';
import { PermanentJobError } from './permanent-job-error';
import { AbortReason, RunningJobs } from './running-jobs';

/** The worker holding a run proves it is alive this often. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** After a cancel, how long a handler has to stop before the run is marked cancelled without it. */
const CANCEL_GRACE_MS = 10_000;
/** Attempts of one job type running at once in one process. */
const WORK_LOOPS_PER_TYPE = 4;
/** How often a run of a workspace on hold (suspended, or deleted and in its grace period) looks again. */
export const HOLD_RECHECK_SECONDS = 60;
/** pg-boss's own expiry, a backstop behind the handler timeout and the heartbeat reaper. */
const EXPIRY_MARGIN_SECONDS = 60;

class JobAbortedError extends Error {
  constructor(readonly reason: AbortReason) {
    super(
      reason === 'timeout'
        ? 'The attempt timed out.'
        : reason === 'shutdown'
          ? 'The worker shut down during the attempt.'
          : 'The run was cancelled.',
    );
  }
}

/**
 * Runs job handlers in worker processes. Each attempt claims the run in the
 * ledger (a cancelled or finished run is skipped, so a queued run that was
 * cancelled never starts), heartbeats while it runs, hands the handler an
 * AbortSignal that a cancel (heard through NOTIFY, or seen at a heartbeat)
 * or the type's timeout aborts, and records the outcome. pg-boss retries a
 * failed attempt with backoff; the ledger says `retrying` meanwhile.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlers,
    private readonly ledger: JobLedger,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
    private readonly running: RunningJobs,
    private readonly notifications: PgNotifications,
    private readonly metrics: JobMetrics,
    private readonly holds: WorkspaceHolds,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const handler of this.handlers.all()) {
      await this.queue.declareQueue(jobQueueName(handler.type), {
        retryLimit: (handler.maxAttempts ?? 3) - 1,
        retryDelay: 1,
        retryBackoff: true,
        expireInSeconds: handler.timeoutSeconds + EXPIRY_MARGIN_SECONDS,
      });
    }
    if (!this.queue.runsWorkers) return;
    await this.notifications.listen(JOB_CANCEL_CHANNEL, (runId) => this.running.abort(runId, 'cancel'));
    for (const handler of this.handlers.all()) {
      // One job per fetch, in several loops: a job is fetched only when it can start at once, so a
      // worker that dies holds no fetched-but-unstarted jobs that only pg-boss's expiry would free.
      for (let loop = 0; loop < WORK_LOOPS_PER_TYPE; loop++) {
        await this.queue.workEach<JobRunPointer>(
          jobQueueName(handler.type),
          { batchSize: 1, pollingIntervalSeconds: 2 },
          (job) => this.execute(handler, job),
        );
      }
    }
  }

  private inTenant<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
    return this.cls.run(() => this.tenants.runInTenantTransaction(workspaceId, work));
  }

  /** One attempt of one run; throws (so pg-boss retries) only when the attempt failed. */
  async execute(handler: JobHandler, job: PgBoss.Job<JobRunPointer>): Promise<void> {
    const { workspaceId, runId } = job.data;
    if (await this.holds.find(workspaceId)) {
      // Paused, not failed: the run stays queued, costs no attempt, and looks again later.
      await this.inTenant(workspaceId, () =>
        this.ledger.deferForHold(workspaceId, runId, (manager) =>
          this.queue.sendInTransaction(manager, job.name, job.data, { startAfter: HOLD_RECHECK_SECONDS }),
        ),
      );
      return;
    }
    const run = await this.inTenant(workspaceId, () => this.ledger.beginAttempt(workspaceId, runId, job.id));
    if (!run) return;
    if (run.cancelRequested) {
      await this.inTenant(workspaceId, () => this.ledger.cancelled(run, true));
      return;
    }
    const started = performance.now();
    const controller = this.running.add(runId);
    const heartbeat = setInterval(() => void this.beat(run), HEARTBEAT_INTERVAL_MS);
    const timeout = setTimeout(() => this.running.abort(runId, 'timeout'), handler.timeoutSeconds * 1000);
    const outcome = (name: string, error?: string) => {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.attempts.inc({ type: handler.type, outcome: name });
      this.metrics.duration.observe({ type: handler.type, outcome: name }, seconds);
      // One line per attempt that ended: the worker's record of what it ran, beside the ledger's.
      const line = {
        workspaceId,
        runId,
        type: handler.type,
        attempt: run.attempt,
        maxAttempts: run.maxAttempts,
        outcome: name,
        durationMs: Math.round(seconds * 1000),
        ...(error === undefined ? {} : { error }),
        msg: `job ${name}`,
      };
      if (name === 'failed' || name === 'retrying') this.logger.warn(line);
      else this.logger.log(line);
    };
    try {
      const result = await this.runUntilStopped(handler, this.contextFor(run, controller.signal), controller.signal);
      const reason = controller.signal.reason as AbortReason | undefined;
      if (reason === 'timeout') throw new JobAbortedError('timeout');
      if (reason === 'cancel' || reason === 'shutdown') throw new JobAbortedError(reason);
      await this.inTenant(workspaceId, () => this.ledger.succeed(workspaceId, runId, run.attempt, result ?? null));
      outcome('succeeded');
    } catch (error) {
      // Whatever the handler threw once its signal was aborted, the abort is the reason it stopped.
      const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : undefined;
      if (reason === 'cancel') {
        const acknowledged = !(error instanceof GraceExpiredError);
        await this.inTenant(workspaceId, () => this.ledger.cancelled(run, acknowledged));
        outcome('cancelled');
        return;
      }
      const permanent = error instanceof PermanentJobError;
      const final = permanent || run.attempt >= run.maxAttempts;
      const message = reason
        ? new JobAbortedError(reason).message
        : error instanceof Error
          ? error.message
          : String(error);
      await this.inTenant(workspaceId, () => this.ledger.fail(run, message, final));
      outcome(final ? 'failed' : 'retrying', message);
      // A permanent failure ends here: the job completes (its run says failed) rather than being retried.
      if (!permanent) throw error;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      this.running.remove(runId);
    }
  }

  /** The handler's promise, or — once the signal is aborted for a cancel — at most the grace period more. */
  private runUntilStopped(
    handler: JobHandler,
    context: JobContext,
    signal: AbortSignal,
  ): Promise<Record<string, unknown> | void> {
    const work = handler.run(context);
    const grace = new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        const timer = setTimeout(() => reject(new GraceExpiredError()), CANCEL_GRACE_MS);
        void work.finally(() => clearTimeout(timer)).catch(() => undefined);
      });
    });
    return Promise.race([work, grace]);
  }

  private contextFor(run: ClaimedRun, signal: AbortSignal): JobContext {
    let checkpoint = run.checkpoint;
    return {
      runId: run.id,
      workspaceId: run.workspaceId,
      input: run.input,
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      get checkpoint() {
        return checkpoint;
      },
      signal,
      saveCheckpoint: async (next) => {
        await this.inTenant(run.workspaceId, () => this.ledger.checkpoint(run.workspaceId, run.id, run.attempt, next));
        checkpoint = next;
      },
      reportProgress: (percent, message) =>
        this.inTenant(run.workspaceId, () =>
          this.ledger.progress(
            run.workspaceId,
            run.id,
            run.attempt,
            Math.max(0, Math.min(100, Math.round(percent))),
            message,
          ),
        ),
    };
  }

  /** Keeps the run ours; a cancel that was requested while the NOTIFY was missed is seen here. */
  private async beat(run: ClaimedRun): Promise<void> {
    try {
      const state = await this.inTenant(run.workspaceId, () =>
        this.ledger.heartbeat(run.workspaceId, run.id, run.attempt),
      );
      if (state?.cancelRequested) this.running.abort(run.id, 'cancel');
    } catch (error) {
      this.logger.warn({ runId: run.id, err: { message: (error as Error).message }, msg: 'job heartbeat failed' });
    }
  }

  beforeApplicationShutdown(): void {
    // Handlers stop at their next check; pg-boss waits for them (SHUTDOWN_GRACE_MS), and what is cut off is retried.
    this.running.abortAll('shutdown');
  }
}

class GraceExpiredError extends Error {
  constructor() {
    super('The run did not stop within the cancel grace period.');
  }
}
