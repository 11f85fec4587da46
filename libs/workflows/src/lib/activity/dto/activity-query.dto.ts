import { IsDateString, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';

export class ActivityQuery extends PageQuery {
  /** Only this action. @example "project.transitioned" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Only changes by this user or API key id. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** From this time (inclusive). @example "2026-11-01T00:00:00.000Z" */
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Until this time (exclusive). @example "2026-12-01T00:00:00.000Z" */
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
