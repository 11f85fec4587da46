import { Injectable } from '@nestjs/common';
import { decodeIdCursor, Page, toPage } from '@keel/platform-database';
import { ActivityLog } from './activity/activity-log.service';
import { ActivityEntryResponse } from './activity/dto/activity-entry.response';
import { CommentResponse } from './comments/dto/comment.response';
import { CommentsService } from './comments/comments.service';
import { StateCategory } from './definitions/workflow-definition';
import { ProjectResponse } from './projects/dto/project.response';
import { ProjectsService, sortValueOf } from './projects/projects.service';
import { TransitionsService } from './transitions/transitions.service';

export interface ProjectListFilter {
  state?: string;
  category?: StateCategory;
  archived?: boolean;
  q?: string;
  limit: number;
  cursor?: string;
}

/**
 * The contract for contexts that act on projects as the caller and answer
 * with what the HTTP routes answer (AI tools): the same services, checks,
 * activity and events, and the same response shapes. The caller's permission
 * for each is checked by the one who calls, as the workspace guard does for
 * the routes.
 */
@Injectable()
export class ProjectOperations {
  constructor(
    private readonly projects: ProjectsService,
    private readonly transitions: TransitionsService,
    private readonly comments: CommentsService,
    private readonly activity: ActivityLog,
  ) {}

  /** GET /projects: newest first. */
  async list(workspaceId: string, filter: ProjectListFilter): Promise<Page<ProjectResponse>> {
    const rows = await this.projects.list(workspaceId, filter, filter.limit);
    return toPage(rows, filter.limit, ProjectResponse.of, (project) => [sortValueOf(project, 'createdAt'), project.id]);
  }

  /** GET /projects/{projectId}. */
  async get(workspaceId: string, projectId: string): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.get(workspaceId, projectId));
  }

  /** POST /projects. */
  async create(
    workspaceId: string,
    project: { key: string; name: string; description?: string },
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.projects.create(workspaceId, project));
  }

  /** POST /projects/{projectId}/transitions. */
  async transition(
    workspaceId: string,
    projectId: string,
    request: { to: string; comment?: string; expectedVersion: number },
  ): Promise<ProjectResponse> {
    return ProjectResponse.of(await this.transitions.transition(workspaceId, projectId, request));
  }

  /** POST /projects/{projectId}/comments. */
  async comment(workspaceId: string, projectId: string, body: string): Promise<CommentResponse> {
    return CommentResponse.of(await this.comments.create(workspaceId, projectId, body));
  }

  /** GET /activity, or GET /projects/{projectId}/activity with a project. */
  async activityFeed(
    workspaceId: string,
    filter: { projectId?: string; action?: string; limit: number; cursor?: string },
  ): Promise<Page<ActivityEntryResponse>> {
    if (filter.projectId) await this.projects.get(workspaceId, filter.projectId);
    const entries = await this.activity.list(
      workspaceId,
      { projectId: filter.projectId, action: filter.action },
      filter.limit,
      decodeIdCursor(filter.cursor),
    );
    return toPage(entries, filter.limit, ActivityEntryResponse.of, (entry) => [entry.id]);
  }
}
