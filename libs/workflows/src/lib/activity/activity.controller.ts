import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage, TrailQuery } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { ProjectsService } from '../projects/projects.service';
import { ActivityLog } from './activity-log.service';
import { ActivityEntryResponse, ActivityListResponse } from './dto/activity-entry.response';

@ApiTags('activity')
@Controller('v1/workspaces/:workspaceId')
export class ActivityController {
  constructor(
    private readonly activity: ActivityLog,
    private readonly projects: ProjectsService,
  ) {}

  /** The workspace's activity feed, newest first; filter by action, actor and time range. */
  @RequirePermission('projects:read')
  @Get('activity')
  async feed(@WorkspaceParam() workspaceId: string, @Query() query: TrailQuery): Promise<ActivityListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const entries = await this.activity.list(
      workspaceId,
      TrailQuery.filterOf(query),
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(entries, limit, ActivityEntryResponse.of, (entry) => [entry.id]);
  }

  /** One project's activity, newest first; filter by action, actor and time range. */
  @RequirePermission('projects:read')
  @Get('projects/:projectId/activity')
  async ofProject(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Query() query: TrailQuery,
  ): Promise<ActivityListResponse> {
    await this.projects.get(workspaceId, projectId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const entries = await this.activity.list(
      workspaceId,
      { ...TrailQuery.filterOf(query), projectId },
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(entries, limit, ActivityEntryResponse.of, (entry) => [entry.id]);
  }
}
