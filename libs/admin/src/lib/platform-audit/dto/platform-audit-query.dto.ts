import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TrailQuery } from '@keel/platform-database';
import type { PlatformAuditFilter } from '../platform-audit-log.service';

/** `?action=&actorId=&targetId=&from=&to=&limit=&cursor=` of the platform audit log. */
export class PlatformAuditQuery extends TrailQuery {
  /** Only entries about this workspace, user, job or impersonation. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a11" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  static platformFilterOf(query: PlatformAuditQuery): PlatformAuditFilter {
    return { ...TrailQuery.filterOf(query), targetId: query.targetId };
  }
}
