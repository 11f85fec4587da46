import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertRows, newId, queryRows, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import type { JobRunEnd } from '../execution/job-run-end';
import { JobHandlers } from '../execution/job-handlers';
import { JobRun, JobRunStatus } from './job-run.entity';
import { JobRunEvent, JobRunEventKind } from './job-run-event.entity';

const ERROR_MAX_LENGTH = 2_000;
/** The trail's note when a run waits because its workspace is suspended or scheduled for deletion. */
export const HOLD_MESSAGE = 'Waiting: the workspace is on hold (suspended or scheduled for deletion).';

/** A running run whose heartbeat is older than this lost its worker. */
export const STALE_HEARTBEAT_SECONDS = 30;

/** What an ending needs of the run it changed, to tell the owner of its type. */
interface EndedRow {
  type: string;
  input: Record<string, unknown>;
}

/** Raw rows of job_runs as the driver returns them. */
interface JobRunRow {
  workspace_id: string;
  id: string;
  type: string;
  status: JobRunStatus;
  input: Record<string, unknown>;
  checkpoint: Record<string, unknown> | null;
  attempts: number;
  max_attempts: number;
  timeout_seconds: number;
  cancel_requested_at: Date | null;
}

/** What a worker needs of a run it is about to execute. */
export interface ClaimedRun {
  workspaceId: string;
  id: string;
  type: string;
  input: Record<string, unknown>;
  checkpoint: Record<string, unknown> | null;
  attempt: number;
  maxAttempts: number;
  timeoutSeconds: number;
  cancelRequested: boolean;
}

/**
 * Every write to the ledger and its trail, each guarded by the status it
 * expects, so a late write from a worker that lost its run (it was reaped,
 * cancelled, or another attempt took over) changes nothing. Runs in the
 * caller's tenant transaction; every write that ends a run failed or
 * cancelled also tells the owner of its type, in that transaction.
 */
@Injectable()
export class JobLedger {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly handlers: JobHandlers,
  ) {}

  async insert(run: JobRun): Promise<void> {
    await insertRows(this.txHost.tx, JobRun, run);
    await this.trail(run.workspaceId, run.id, 'status', { status: run.status });
  }

  async trail(
    workspaceId: string,
    jobRunId: string,
    kind: JobRunEventKind,
    details: { status?: string; progress?: number; message?: string },
  ): Promise<void> {
    const event: JobRunEvent = {
      workspaceId,
      id: newId(),
      jobRunId,
      kind,
      status: details.status ?? null,
      progress: details.progress ?? null,
      message: details.message?.slice(0, ERROR_MAX_LENGTH) ?? null,
      occurredAt: new Date(),
    };
    await this.txHost.tx.getRepository(JobRunEvent).insert(event);
  }

  /**
   * The run's workspace is on hold: the run is not attempted; `resend` queues
   * the next look in this transaction. The trail says so once per hold, not
   * at every look.
   */
  async deferForHold(
    workspaceId: string,
    runId: string,
    resend: (manager: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    const [last] = await queryRows<{ message: string | null }>(
      this.txHost.tx,
      `SELECT message FROM job_run_events WHERE workspace_id = $1 AND job_run_id = $2 ORDER BY id DESC LIMIT 1`,
      [workspaceId, runId],
    );
    if (last?.message !== HOLD_MESSAGE) await this.trail(workspaceId, runId, 'status', { message: HOLD_MESSAGE });
    await resend(this.txHost.tx);
  }

  /**
   * A worker takes the run for an attempt: queued, retrying, or running (a
   * previous attempt whose worker died). Null when the run is finished or
   * cancelled: the job then completes without running.
   */
  async beginAttempt(workspaceId: string, runId: string, queueJobId: string): Promise<ClaimedRun | null> {
    const rows = await queryRows<JobRunRow>(
      this.txHost.tx,
      `UPDATE job_runs
          SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now()),
              heartbeat_at = now(), queue_job_id = $3, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'retrying', 'running')
        RETURNING workspace_id, id, type, status, input, checkpoint, attempts, max_attempts, timeout_seconds, cancel_requested_at`,
      [workspaceId, runId, queueJobId],
    );
    const [row] = rows;
    if (!row) return null;
    await this.trail(workspaceId, runId, 'status', { status: 'running', message: `attempt ${row.attempts}` });
    return {
      workspaceId,
      id: runId,
      type: row.type,
      input: row.input,
      checkpoint: row.checkpoint,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      timeoutSeconds: row.timeout_seconds,
      cancelRequested: row.cancel_requested_at !== null,
    };
  }

  /** Still ours? Refreshes the heartbeat; tells whether a cancel was requested. Null when the run is no longer ours. */
  async heartbeat(workspaceId: string, runId: string, attempt: number): Promise<{ cancelRequested: boolean } | null> {
    const rows = await queryRows<{ cancel_requested_at: Date | null }>(
      this.txHost.tx,
      `UPDATE job_runs SET heartbeat_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = 'running' AND attempts = $3
        RETURNING cancel_requested_at`,
      [workspaceId, runId, attempt],
    );
    return rows[0] ? { cancelRequested: rows[0].cancel_requested_at !== null } : null;
  }

  async progress(
    workspaceId: string,
    runId: string,
    attempt: number,
    percent: number,
    message?: string,
  ): Promise<void> {
    const changed = await this.updateOwned(workspaceId, runId, attempt, {
      progress: percent,
      progressMessage: message ?? null,
    });
    if (changed) await this.trail(workspaceId, runId, 'progress', { progress: percent, message });
  }

  async checkpoint(
    workspaceId: string,
    runId: string,
    attempt: number,
    checkpoint: Record<string, unknown>,
  ): Promise<void> {
    const changed = await this.updateOwned(workspaceId, runId, attempt, { checkpoint });
    if (changed) await this.trail(workspaceId, runId, 'checkpoint', {});
  }

  async succeed(
    workspaceId: string,
    runId: string,
    attempt: number,
    result: Record<string, unknown> | null,
  ): Promise<void> {
    const changed = await this.updateOwned(workspaceId, runId, attempt, {
      status: 'succeeded',
      result,
      progress: 100,
      finishedAt: new Date(),
    });
    if (changed) await this.trail(workspaceId, runId, 'status', { status: 'succeeded' });
  }

  /** A failed attempt of `run`: `retrying` while attempts remain, else `failed`. */
  async fail(run: ClaimedRun, error: string, final: boolean): Promise<void> {
    const { workspaceId, id: runId, attempt } = run;
    const status: JobRunStatus = final ? 'failed' : 'retrying';
    const changed = await this.updateOwned(workspaceId, runId, attempt, {
      status,
      lastError: error.slice(0, ERROR_MAX_LENGTH),
      finishedAt: final ? new Date() : null,
    });
    if (changed) {
      await this.trail(workspaceId, runId, 'error', { message: error });
      await this.trail(workspaceId, runId, 'status', { status });
      if (final) await this.ended(run, { workspaceId, runId, status: 'failed', reason: error });
    }
  }

  /** The worker stopped `run` for a cancel (acknowledged), or gave up waiting for it to stop (not). */
  async cancelled(run: ClaimedRun, acknowledged: boolean): Promise<void> {
    const { workspaceId, id: runId, attempt } = run;
    const now = new Date();
    const changed = await this.updateOwned(workspaceId, runId, attempt, {
      status: 'cancelled',
      finishedAt: now,
      cancelAcknowledgedAt: acknowledged ? now : null,
    });
    if (changed) {
      await this.trail(workspaceId, runId, 'status', {
        status: 'cancelled',
        message: acknowledged ? 'the worker stopped the run' : 'the run did not stop within the grace period',
      });
      await this.ended(run, {
        workspaceId,
        runId,
        status: 'cancelled',
        reason: acknowledged
          ? 'The job was cancelled while it ran.'
          : 'The job was cancelled while it ran, and did not stop within the grace period.',
      });
    }
  }

  /** A queued or retrying run (locked by the caller) is cancelled before it runs again: no worker will start it. */
  async cancelBeforeStart(run: JobRun): Promise<Partial<JobRun>> {
    const now = new Date();
    const changes = {
      status: 'cancelled' as const,
      cancelRequestedAt: now,
      cancelAcknowledgedAt: now,
      finishedAt: now,
      updatedAt: now,
    };
    await this.txHost.tx.getRepository(JobRun).update({ workspaceId: run.workspaceId, id: run.id }, changes);
    await this.trail(run.workspaceId, run.id, 'cancel_requested', {});
    await this.trail(run.workspaceId, run.id, 'status', { status: 'cancelled', message: 'cancelled before it ran' });
    await this.ended(run, {
      workspaceId: run.workspaceId,
      runId: run.id,
      status: 'cancelled',
      reason: 'The job was cancelled before it ran.',
    });
    return changes;
  }

  /**
   * The worker of attempt `attempt` died: `retrying`, or `failed` when it was
   * the last attempt. Only while the heartbeat is still stale, so a worker
   * that was merely slow, or another sweeper that got there first, wins.
   * The pg-boss job to hand back, or null when nothing changed.
   */
  async reap(
    workspaceId: string,
    runId: string,
    attempt: number,
    final: boolean,
  ): Promise<{ queueJobId: string | null } | null> {
    const status: JobRunStatus = final ? 'failed' : 'retrying';
    const message = `The worker running it stopped (no heartbeat for ${STALE_HEARTBEAT_SECONDS} s).`;
    const [row] = await queryRows<EndedRow & { queue_job_id: string | null }>(
      this.txHost.tx,
      `UPDATE job_runs SET status = $4, last_error = $5, updated_at = now(), finished_at = CASE WHEN $6 THEN now() END
        WHERE workspace_id = $1 AND id = $2 AND status = 'running' AND attempts = $3
          AND heartbeat_at < now() - interval '${STALE_HEARTBEAT_SECONDS} seconds'
        RETURNING type, input, queue_job_id`,
      [workspaceId, runId, attempt, status, message, final],
    );
    if (!row) return null;
    await this.trail(workspaceId, runId, 'error', { message });
    await this.trail(workspaceId, runId, 'status', { status });
    if (final) await this.ended(row, { workspaceId, runId, status: 'failed', reason: message });
    return { queueJobId: row.queue_job_id };
  }

  /** Tells the owner of the run's type, in this transaction, that it ended without succeeding. */
  private async ended(row: EndedRow, end: Omit<JobRunEnd, 'input'>): Promise<void> {
    await this.handlers.get(row.type)?.ended?.({ ...end, input: row.input });
  }

  /** Only while the run is still in the attempt `attempt` of this worker; whether it was. */
  private async updateOwned(
    workspaceId: string,
    runId: string,
    attempt: number,
    changes: Partial<JobRun>,
  ): Promise<boolean> {
    const result = await this.txHost.tx
      .createQueryBuilder()
      .update(JobRun)
      .set({ ...(changes as QueryDeepPartialEntity<JobRun>), updatedAt: new Date() })
      .where("workspace_id = :workspaceId AND id = :runId AND status = 'running' AND attempts = :attempt", {
        workspaceId,
        runId,
        attempt,
      })
      .execute();
    return result.affected === 1;
  }
}
