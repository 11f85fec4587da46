import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '@keel/platform-database';

export const JOB_STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
export type AdminJobStatus = (typeof JOB_STATUSES)[number];
export const PRUNABLE_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;

/** `?status=&type=&workspaceId=&limit=&cursor=` of the job runs across the platform. */
export class AdminJobQuery extends PageQuery {
  /** @example "failed" */
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: AdminJobStatus;

  /** @example "automation.action" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  @IsOptional()
  @IsUUID()
  workspaceId?: string;
}

export class PruneJobsDto {
  /** Finished runs whose end is older than this many days. @example 30 */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  olderThanDays: number;

  /** Only runs that ended so; every finished status when omitted. @example "succeeded" */
  @IsOptional()
  @IsIn(PRUNABLE_STATUSES)
  status?: (typeof PRUNABLE_STATUSES)[number];

  /** Count what would be pruned without deleting. @example true */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class PruneJobsResponse {
  /** @example true */
  dryRun: boolean;
  /** How many runs were (or, in a dry run, would be) deleted, with their trails. @example 120 */
  jobRuns: number;
}

export class AdminJobResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  workspaceId: string;
  /** @example "automation.action" */
  type: string;
  /** `queued`, `running`, `retrying`, `succeeded`, `failed` or `cancelled`. @example "failed" */
  status: string;
  /** @example 40 */
  progress: number;
  /** @example 3 */
  attempts: number;
  /** @example 3 */
  maxAttempts: number;
  /** @example "connect ECONNREFUSED" */
  lastError: string | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.050Z" */
  startedAt: string | null;
  /** @example "2026-11-29T10:00:03.000Z" */
  finishedAt: string | null;
  /** @example null */
  cancelRequestedAt: string | null;
}

export class AdminJobListResponse {
  data: AdminJobResponse[];
  /** @example null */
  nextCursor: string | null;
}
