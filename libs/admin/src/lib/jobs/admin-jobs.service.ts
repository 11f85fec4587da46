import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobRunsService } from '@keel/jobs';
import { Page, runAsPlatformOwner, TenantTransactions, toPage } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AdminOwnerReads } from '../cross-tenant/admin-owner-reads';
import type { AdminJobResponse, AdminJobStatus } from './dto/admin-job.dto';

interface JobRow {
  id: string;
  workspace_id: string;
  type: string;
  status: string;
  progress: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
}

/** The fields of a job run the admin list shows, as the jobs context hands a run back. */
interface JobRunLike {
  id: string;
  workspaceId: string;
  type: string;
  status: string;
  progress: number;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
}

const JOB_COLUMNS = `id, workspace_id, type, status, progress, attempts, max_attempts, last_error,
  created_at, started_at, finished_at, cancel_requested_at`;

function jobNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No job run has this id.');
}

/**
 * Job runs across every workspace for platform admins: listed in the owner
 * door; cancelled and retried by the jobs context itself, in a tenant
 * transaction of the run's workspace, exactly as its members would; old
 * finished runs pruned as keel_owner (the jobs context's supervision policy).
 */
@Injectable()
export class AdminJobs {
  constructor(
    private readonly reads: AdminOwnerReads,
    private readonly tenants: TenantTransactions,
    private readonly runs: JobRunsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Newest first, keyset-paginated on the id. */
  list(
    filter: { status?: AdminJobStatus; type?: string; workspaceId?: string },
    limit: number,
    beforeId?: string,
  ): Promise<Page<AdminJobResponse>> {
    return this.reads.acrossWorkspaces(async (manager) => {
      const where: string[] = [];
      const parameters: unknown[] = [];
      const parameter = (value: unknown) => {
        parameters.push(value);
        return `$${parameters.length}`;
      };
      if (filter.status) where.push(`status = ${parameter(filter.status)}`);
      if (filter.type) where.push(`type = ${parameter(filter.type)}`);
      if (filter.workspaceId) where.push(`workspace_id = ${parameter(filter.workspaceId)}`);
      if (beforeId) where.push(`id < ${parameter(beforeId)}`);
      const rows: JobRow[] = await manager.query(
        `SELECT ${JOB_COLUMNS} FROM job_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY id DESC LIMIT ${parameter(limit + 1)}`,
        parameters,
      );
      return toPage(rows, limit, fromRow, (row) => [row.id]);
    });
  }

  async cancel(jobId: string): Promise<AdminJobResponse> {
    const workspaceId = await this.workspaceOf(jobId);
    return fromRun(await this.tenants.runInTenantTransaction(workspaceId, () => this.runs.cancel(workspaceId, jobId)));
  }

  async retry(jobId: string): Promise<AdminJobResponse> {
    const workspaceId = await this.workspaceOf(jobId);
    return fromRun(await this.tenants.runInTenantTransaction(workspaceId, () => this.runs.retry(workspaceId, jobId)));
  }

  /** Deletes (or, with `dryRun`, counts) finished runs that ended more than `olderThanDays` ago, with their trails. */
  async prune(olderThanDays: number, status: string | undefined, dryRun: boolean): Promise<number> {
    const condition = `finished_at < now() - make_interval(days => $1) AND status = ANY($2::text[])`;
    const statuses = status ? [status] : ['succeeded', 'failed', 'cancelled'];
    if (dryRun) {
      return this.reads.acrossWorkspaces(async (manager) => {
        const [row]: { count: string }[] = await manager.query(
          `SELECT count(*) AS count FROM job_runs WHERE ${condition}`,
          [olderThanDays, statuses],
        );
        return Number(row.count);
      });
    }
    return runAsPlatformOwner(this.dataSource, async (manager) => {
      const [, affected]: [unknown[], number] = await manager.query(`DELETE FROM job_runs WHERE ${condition}`, [
        olderThanDays,
        statuses,
      ]);
      return affected;
    });
  }

  private async workspaceOf(jobId: string): Promise<string> {
    const [row]: { workspace_id: string }[] = await this.reads.acrossWorkspaces((manager) =>
      manager.query(`SELECT workspace_id FROM job_runs WHERE id = $1`, [jobId]),
    );
    if (!row) throw jobNotFound();
    return row.workspace_id;
  }
}

function fromRow(row: JobRow): AdminJobResponse {
  return fromRun({
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    cancelRequestedAt: row.cancel_requested_at,
  });
}

function fromRun(run: JobRunLike): AdminJobResponse {
  return {
    id: run.id,
    workspaceId: run.workspaceId,
    type: run.type,
    status: run.status,
    progress: run.progress,
    attempts: run.attempts,
    maxAttempts: run.maxAttempts,
    lastError: run.lastError,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
  };
}
