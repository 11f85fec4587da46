import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';
import { JobRunStatus } from '../job-run.entity';

const STATUSES: readonly JobRunStatus[] = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];

export class JobRunQuery extends PageQuery {
  /** @example "failed" */
  @IsOptional()
  @IsIn(STATUSES)
  status?: JobRunStatus;

  /** @example "automation.action" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;
}
