import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateWorkflowVersionDto } from './dto/create-workflow-version.dto';
import { WorkflowVersionListResponse, WorkflowVersionResponse } from './dto/workflow-version.response';
import { WorkflowVersionsService } from './workflow-versions.service';

@ApiTags('workflow')
@Controller('v1/workspaces/:workspaceId/workflow')
export class WorkflowController {
  constructor(private readonly versions: WorkflowVersionsService) {}

  /** The active workflow version: the one projects run on. */
  @RequirePermission('workflow:read')
  @Get()
  async active(@WorkspaceParam() workspaceId: string): Promise<WorkflowVersionResponse> {
    return WorkflowVersionResponse.of(await this.versions.active(workspaceId));
  }

  /** Every version, drafts included, newest first. */
  @RequirePermission('workflow:read')
  @Get('versions')
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<WorkflowVersionListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const versions = await this.versions.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(versions, limit, WorkflowVersionResponse.of, (version) => [version.id]);
  }

  /**
   * Drafts a new version. 422 WORKFLOW_INVALID lists every problem at its
   * JSON path: an unknown initial state, unreachable states, duplicate names,
   * transitions to unknown states, no `done` state, a rule that does not parse.
   */
  @RequirePermission('workflow:write')
  @Post('versions')
  async draft(
    @WorkspaceParam() workspaceId: string,
    @Body() body: CreateWorkflowVersionDto,
  ): Promise<WorkflowVersionResponse> {
    return WorkflowVersionResponse.of(await this.versions.createDraft(workspaceId, body));
  }
}
