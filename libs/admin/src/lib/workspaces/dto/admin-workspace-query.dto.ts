import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';
import { Trim } from '@keel/platform-errors';

export const WORKSPACE_STATUSES = ['active', 'suspended', 'pending_deletion'] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

/** `?q=&status=&plan=&limit=&cursor=` of the workspaces across the platform. */
export class AdminWorkspaceQuery extends PageQuery {
  /** Part of the name or slug (any case), or the whole id. @example "acme" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** @example "suspended" */
  @IsOptional()
  @IsIn(WORKSPACE_STATUSES)
  status?: WorkspaceStatus;

  /** The key of the workspace's plan (its subscription's). @example "team" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  plan?: string;
}
