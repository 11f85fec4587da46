import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { ProjectResponse } from '../projects/dto/project.response';
import { TransitionDryRunResponse } from './dto/transition-dry-run.response';
import { TransitionOptionListResponse } from './dto/transition-option.response';
import { TransitionRequestDto } from './dto/transition-request.dto';
import { TRANSITION_ROUTE_PERMISSION } from './transition-evaluation';
import { TransitionsService } from './transitions.service';

@ApiTags('transitions')
@Controller('v1/workspaces/:workspaceId/projects/:projectId/transitions')
export class TransitionsController {
  constructor(private readonly transitions: TransitionsService) {}

  /**
   * The transitions the caller may take from the project's current state, each
   * with whether its conditions hold now. None (`{data: []}`) for an archived
   * project: it takes no transition until restored.
   */
  @RequirePermission('projects:read')
  @Get()
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
  ): Promise<TransitionOptionListResponse> {
    return { data: await this.transitions.options(workspaceId, projectId) };
  }

  /**
   * Moves the project to the state `to`. 409 TRANSITION_NOT_ALLOWED (with
   * `allowedTargets`) when no transition leads there from its state, 403
   * PERMISSION_DENIED when the transition needs a permission the caller
   * lacks, 422 TRANSITION_CONDITION_FAILED naming each failed condition, 409
   * VERSION_CONFLICT when `expectedVersion` is stale.
   */
  @RequirePermission(TRANSITION_ROUTE_PERMISSION)
  @Post()
  @HttpCode(200)
  async transition(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Body() body: TransitionRequestDto,
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.transitions.transition(workspaceId, projectId, body));
  }

  /**
   * Runs every check of the same request, in the order it meets them (first
   * whether the caller holds projects:transition at all), and reports what
   * it would answer, changing nothing.
   */
  @RequirePermission('projects:read')
  @Post('dry-run')
  @HttpCode(200)
  dryRun(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Body() body: TransitionRequestDto,
  ): Promise<TransitionDryRunResponse> {
    return this.transitions.dryRun(workspaceId, projectId, body);
  }
}
