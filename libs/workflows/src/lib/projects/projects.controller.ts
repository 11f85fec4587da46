import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectListQuery } from './dto/project-list.query.dto';
import { ProjectListResponse, ProjectResponse } from './dto/project.response';
import { UpdateProjectDto } from './dto/update-project.dto';
import { ProjectsService, sortValueOf } from './projects.service';

@ApiTags('projects')
@Controller('v1/workspaces/:workspaceId/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /** Creates a project in the initial state of the active workflow. A key in use is 409 PROJECT_KEY_TAKEN. */
  @RequirePermission('projects:write')
  @Post()
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateProjectDto): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.create(workspaceId, body));
  }

  /** The projects, filtered by state, category, archived and full text (`q`), sorted by createdAt, updatedAt or name. */
  @RequirePermission('projects:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: ProjectListQuery): Promise<ProjectListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sort = query.sort ?? 'createdAt';
    const projects = await this.projects.list(workspaceId, query, limit);
    return toPage(projects, limit, ProjectResponse.of, (project) => [sortValueOf(project, sort), project.id]);
  }

  /** One project. */
  @RequirePermission('projects:read')
  @Get(':projectId')
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.get(workspaceId, projectId));
  }

  /** Renames or re-describes the project, at `expectedVersion` (409 VERSION_CONFLICT with `currentVersion` when stale). */
  @RequirePermission('projects:write')
  @Patch(':projectId')
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Body() body: UpdateProjectDto,
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.update(workspaceId, projectId, body));
  }

  /** Archives the project: it leaves the default list and takes no transitions or comments until restored. Idempotent. */
  @RequirePermission('projects:write')
  @Post(':projectId/archive')
  @HttpCode(200)
  async archive(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.archive(workspaceId, projectId));
  }

  /** Restores an archived project. Idempotent. */
  @RequirePermission('projects:write')
  @Post(':projectId/restore')
  @HttpCode(200)
  async restore(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.restore(workspaceId, projectId));
  }
}
