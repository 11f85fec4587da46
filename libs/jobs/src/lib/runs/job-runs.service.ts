import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { JobQueue } from '@keel/platform-queue';
import { jobQueueName, JobRunPointer } from '../execution/job-handler';
import { JobHandlers } from '../execution/job-handlers';
import { JobLedger } from './job-ledger.service';
import { FINISHED_STATUSES, JobRun, JobRunStatus } from './job-run.entity';
import { JobRunEvent } from './job-run-event.entity';

/** Workers LISTEN here for the ids of runs to stop. */
export const JOB_CANCEL_CHANNEL = 'keel_job_cancel';
const DEFAULT_MAX_ATTEMPTS = 3;

export interface JobRunFilter {
  status?: JobRunStatus;
  type?: string;
}

/** Starting runs and what callers do to them; in the workspace's tenant transaction. */
@Injectable()
export class JobRunsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly ledger: JobLedger,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
    private readonly actors: ActorContext,
  ) {}

  private get runs() {
    return this.txHost.tx.getRepository(JobRun);
  }

  /**
   * Queues a run of `type` in the caller's transaction: the run and its job
   * exist if and only if that transaction commits.
   */
  async start(
    workspaceId: string,
    type: string,
    input: Record<string, unknown>,
    runId: string = newId(),
  ): Promise<JobRun> {
    const handler = this.handlers.get(type);
    if (!handler) throw new Error(`No handler is registered for the job type ${type}.`);
    const actor = this.actors.optional;
    const starter = actor ? actorReference(actor) : undefined;
    const now = new Date();
    const run: JobRun = {
      workspaceId,
      id: runId,
      type,
      status: 'queued',
      input,
      result: null,
      checkpoint: null,
      progress: 0,
      progressMessage: null,
      attempts: 0,
      maxAttempts: handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      lastError: null,
      timeoutSeconds: handler.timeoutSeconds,
      queueJobId: null,
      startedByType: starter?.type ?? null,
      startedById: starter?.id ?? null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      heartbeatAt: null,
      finishedAt: null,
      cancelRequestedAt: null,
      cancelAcknowledgedAt: null,
    };
    await this.ledger.insert(run);
    await this.send(run);
    return run;
  }

  async get(workspaceId: string, runId: string): Promise<JobRun> {
    const run = await this.runs.findOneBy({ workspaceId, id: runId });
    if (!run) throw new DomainError('NOT_FOUND', 'No job of this workspace has this id.');
    return run;
  }

  /** Newest first. */
  list(workspaceId: string, filter: JobRunFilter, limit: number, beforeId?: string): Promise<JobRun[]> {
    const query = this.runs
      .createQueryBuilder('run')
      .where('run.workspace_id = :workspaceId', { workspaceId })
      .orderBy('run.id', 'DESC')
      .limit(limit + 1);
    if (filter.status) query.andWhere('run.status = :status', { status: filter.status });
    if (filter.type) query.andWhere('run.type = :type', { type: filter.type });
    if (beforeId) query.andWhere('run.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The run's trail, oldest first. */
  async events(workspaceId: string, runId: string, limit: number, afterId?: string): Promise<JobRunEvent[]> {
    await this.get(workspaceId, runId);
    const query = this.txHost.tx
      .getRepository(JobRunEvent)
      .createQueryBuilder('event')
      .where('event.workspace_id = :workspaceId AND event.job_run_id = :runId', { workspaceId, runId })
      .orderBy('event.id', 'ASC')
      .limit(limit + 1);
    if (afterId) query.andWhere('event.id > :afterId', { afterId });
    return query.getMany();
  }

  /**
   * A queued (or retrying) run is cancelled at once and never starts; a
   * running one is asked to stop: every worker hears it (NOTIFY at commit),
   * the one holding it aborts its signal and records the acknowledgement.
   * Either way the owner of the run's type hears of the cancel when the run
   * ends. Cancelling a cancelled run changes nothing; a finished one is 409.
   */
  async cancel(workspaceId: string, runId: string): Promise<JobRun> {
    const run = await this.runs
      .createQueryBuilder('run')
      .where('run.workspace_id = :workspaceId AND run.id = :runId', { workspaceId, runId })
      .setLock('pessimistic_write')
      .getOne();
    if (!run) throw new DomainError('NOT_FOUND', 'No job of this workspace has this id.');
    if (run.status === 'cancelled') return run;
    if (FINISHED_STATUSES.includes(run.status)) {
      throw new DomainError(
        'JOB_FINISHED',
        `The job ${run.status === 'succeeded' ? 'succeeded' : 'failed'} already; there is nothing to cancel.`,
        {
          extensions: { status: run.status },
        },
      );
    }
    const now = new Date();
    if (run.status === 'running') {
      if (run.cancelRequestedAt) return run;
      await this.runs.update({ workspaceId, id: runId }, { cancelRequestedAt: now, updatedAt: now });
      await this.ledger.trail(workspaceId, runId, 'cancel_requested', {});
      await this.txHost.tx.query(`SELECT pg_notify('${JOB_CANCEL_CHANNEL}', $1)`, [runId]);
      return { ...run, cancelRequestedAt: now, updatedAt: now };
    }
    return { ...run, ...(await this.ledger.cancelBeforeStart(run)) };
  }

  /** A failed run gets a new round of attempts, from its last checkpoint; anything else is 409 JOB_NOT_FAILED. */
  async retry(workspaceId: string, runId: string): Promise<JobRun> {
    const run = await this.get(workspaceId, runId);
    if (run.status !== 'failed') {
      throw new DomainError('JOB_NOT_FAILED', `The job is ${run.status}; only a failed job can be retried.`, {
        extensions: { status: run.status },
      });
    }
    const handler = this.handlers.get(run.type);
    const changes = {
      status: 'queued' as const,
      maxAttempts: run.attempts + (handler?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      finishedAt: null,
      updatedAt: new Date(),
    };
    const result = await this.runs.update({ workspaceId, id: runId, status: 'failed' }, changes);
    if (result.affected !== 1) throw new DomainError('CONFLICT', 'The job changed meanwhile; read it again.');
    await this.ledger.trail(workspaceId, runId, 'status', { status: 'queued', message: 'retried' });
    const retried = { ...run, ...changes };
    await this.send(retried);
    return retried;
  }

  private async send(run: JobRun): Promise<void> {
    const pointer: JobRunPointer = { workspaceId: run.workspaceId, runId: run.id };
    await this.queue.sendInTransaction(this.txHost.tx, jobQueueName(run.type), pointer, {
      retryLimit: run.maxAttempts - run.attempts - 1,
    });
  }
}
