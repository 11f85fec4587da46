import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import { AdminReasonDto, OptionalAdminReasonDto } from './dto/admin-reason.dto';
import { AdminWorkspaceQuery } from './dto/admin-workspace-query.dto';
import { AdminWorkspaceDetailResponse, AdminWorkspaceListResponse } from './dto/admin-workspace.response';
import { AdminWorkspaces } from './admin-workspaces.service';

@ApiTags('admin')
@Controller('v1/admin/workspaces')
export class AdminWorkspacesController {
  constructor(private readonly workspaces: AdminWorkspaces) {}

  /**
   * Every workspace of the platform, newest first, with its status, plan,
   * counts (members, projects; documents and stored bytes once that context
   * exists), creation and last activity. `q` matches part of the name or
   * slug, or the whole id. Platform admins only.
   */
  @Get()
  @AdminRoute('workspaces.list')
  list(@Query() query: AdminWorkspaceQuery): Promise<AdminWorkspaceListResponse> {
    return this.workspaces.list(
      { q: query.q, status: query.status, plan: query.plan },
      query.limit ?? DEFAULT_PAGE_SIZE,
      decodeIdCursor(query.cursor),
    );
  }

  /** One workspace, with its owners and, when on hold, since when and why. Platform admins only. */
  @Get(':workspaceId')
  @AdminRoute('workspaces.get')
  get(@Param('workspaceId', ParseIdPipe) workspaceId: string): Promise<AdminWorkspaceDetailResponse> {
    return this.workspaces.detail(workspaceId);
  }

  /**
   * Suspends the workspace: from now on every request of its members and its
   * API keys answers 423 WORKSPACE_SUSPENDED (reads included), and
   * `workspace.suspended` is published. Suspending a workspace on hold
   * changes nothing. Platform admins only.
   */
  @Post(':workspaceId/suspend')
  @HttpCode(200)
  @AdminRoute('workspaces.suspend')
  suspend(
    @Param('workspaceId', ParseIdPipe) workspaceId: string,
    @Body() body: AdminReasonDto,
  ): Promise<AdminWorkspaceDetailResponse> {
    return this.workspaces.suspend(workspaceId, body.reason);
  }

  /** Lifts a suspension or a scheduled deletion and publishes `workspace.restored`. Platform admins only. */
  @Post(':workspaceId/restore')
  @HttpCode(200)
  @AdminRoute('workspaces.restore')
  restore(
    @Param('workspaceId', ParseIdPipe) workspaceId: string,
    @Body() body: OptionalAdminReasonDto,
  ): Promise<AdminWorkspaceDetailResponse> {
    return this.workspaces.restore(workspaceId, body.reason ?? null);
  }

  /**
   * Schedules the workspace's deletion after WORKSPACE_DELETE_GRACE_DAYS (30
   * by default): refused like a suspended one until then and restorable with
   * `/restore`; then a job removes every row of it and proves it by counting
   * (`workspace.deleted` in the platform audit log). Platform admins only.
   */
  @Delete(':workspaceId')
  @HttpCode(202)
  @AdminRoute('workspaces.delete')
  delete(
    @Param('workspaceId', ParseIdPipe) workspaceId: string,
    @Body() body: AdminReasonDto,
  ): Promise<AdminWorkspaceDetailResponse> {
    return this.workspaces.scheduleDeletion(workspaceId, body.reason);
  }
}
