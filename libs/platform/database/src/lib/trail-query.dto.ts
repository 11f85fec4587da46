import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsTimestamp } from '@keel/platform-errors';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PageQuery } from './page-query.dto';

/** The filters of a trail (audit events, activity): who did what, when. */
export interface TrailFilter {
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
}

/** `?action=&actorId=&from=&to=` on top of `?limit=&cursor=`, for every trail. */
export class TrailQuery extends PageQuery {
  /** Only this action. @example "project.transitioned" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Only entries by this user, API key or automation rule id. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** From this time (inclusive). @example "2026-11-01T00:00:00.000Z" */
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Until this time (exclusive). @example "2026-12-01T00:00:00.000Z" */
  @IsOptional()
  @IsTimestamp()
  to?: string;

  /** The filter the query asks for, times parsed. */
  static filterOf(query: TrailQuery): TrailFilter {
    return {
      action: query.action,
      actorId: query.actorId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
  }
}

/** Narrows a query on a trail table (columns `action`, `actor_id`, `occurred_at`) to `filter`. */
export function whereTrail<Row extends ObjectLiteral>(
  query: SelectQueryBuilder<Row>,
  alias: string,
  filter: TrailFilter,
): SelectQueryBuilder<Row> {
  if (filter.action) query.andWhere(`${alias}.action = :action`, { action: filter.action });
  if (filter.actorId) query.andWhere(`${alias}.actor_id = :actorId`, { actorId: filter.actorId });
  if (filter.from) query.andWhere(`${alias}.occurred_at >= :from`, { from: filter.from });
  if (filter.to) query.andWhere(`${alias}.occurred_at < :to`, { to: filter.to });
  return query;
}
