import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorContext, PeopleOnly, RequireStepUp } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceScope } from '../workspace-scope/workspace-scope';
import { CreateWorkspaceDto } from './dto/create-workspace.dto';
import { UpdateWorkspaceDto } from './dto/update-workspace.dto';
import { WorkspaceListResponse, WorkspaceResponse } from './dto/workspace.response';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
  ) {}

  /** Creates a workspace; the caller becomes its owner. 409 SLUG_TAKEN for a chosen slug that is in use. */
  @ApiBearerAuth()
  @PeopleOnly()
  @Post()
  async create(@Body() body: CreateWorkspaceDto): Promise<WorkspaceResponse> {
    const workspace = await this.workspaces.create(this.actors.user.userId, body);
    return WorkspaceResponse.of(workspace, 'owner');
  }

  /** The caller's workspaces, with the caller's role in each, and `blockedBy: "mfa_required"` where the session lacks a second factor the workspace requires. */
  @ApiBearerAuth()
  @PeopleOnly()
  @Get()
  async list(@Query() query: PageQuery): Promise<WorkspaceListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.workspaces.listMine(this.actors.user.userId, limit, decodeIdCursor(query.cursor));
    return toPage(
      rows,
      limit,
      (row) =>
        WorkspaceResponse.of(
          row.workspace,
          row.role,
          row.workspace.requireMfa && this.actors.user.aal !== 'aal2' ? 'mfa_required' : null,
        ),
      (row) => [row.workspace.id],
    );
  }

  /** One workspace, with the caller's role in it. 404 WORKSPACE_NOT_FOUND when it is not yours. */
  @RequirePermission('workspace:read')
  @Get(':workspaceId')
  async get(@WorkspaceParam() workspaceId: string): Promise<WorkspaceResponse> {
    return WorkspaceResponse.of(await this.workspaces.get(workspaceId), this.scope.current.role ?? null);
  }

  /**
   * Renames the workspace or changes its slug (409 SLUG_TAKEN), or its `security` policy: `{requireMfa: true}` makes
   * every route of the workspace refuse a member's session without a second factor (403 MFA_REQUIRED). Changing the
   * policy needs a person signed in with MFA (403 MFA_REQUIRED for a session without, 403 PERMISSION_DENIED for an
   * API key).
   */
  @RequirePermission('workspace:update')
  @Patch(':workspaceId')
  async update(@WorkspaceParam() workspaceId: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceResponse> {
    return WorkspaceResponse.of(
      await this.workspaces.update(workspaceId, body, this.actors.actor),
      this.scope.current.role ?? null,
    );
  }

  /** Deletes the workspace and everything in it. Owners only; a person with MFA steps up first (403 STEP_UP_REQUIRED). */
  @RequirePermission('workspace:delete')
  @RequireStepUp()
  @Delete(':workspaceId')
  @HttpCode(204)
  async delete(@WorkspaceParam() workspaceId: string): Promise<void> {
    await this.workspaces.delete(workspaceId);
  }
}
