import { Injectable } from '@nestjs/common';
import { CommentsService } from './comments/comments.service';
import { ProjectsService } from './projects/projects.service';
import { TransitionsService } from './transitions/transitions.service';

/**
 * The contract other contexts (automation) use to act on projects, in the
 * caller's tenant transaction, with the caller's actor and workspace scope:
 * the same checks, activity and events as the HTTP routes.
 */
@Injectable()
export class ProjectActions {
  constructor(
    private readonly projects: ProjectsService,
    private readonly transitions: TransitionsService,
    private readonly comments: CommentsService,
  ) {}

  /** Whether this workspace has the project: a rule may only name its own workspace's projects. */
  projectExists(workspaceId: string, projectId: string): Promise<boolean> {
    return this.projects.exists(workspaceId, projectId);
  }

  /** Moves the project to `to` from whatever version it is at now; the transition's checks apply. */
  async transition(workspaceId: string, projectId: string, to: string, comment?: string): Promise<{ version: number }> {
    const project = await this.projects.get(workspaceId, projectId);
    const moved = await this.transitions.transition(workspaceId, projectId, {
      to,
      comment,
      expectedVersion: project.version,
    });
    return { version: moved.version };
  }

  async comment(workspaceId: string, projectId: string, body: string): Promise<{ id: string }> {
    const comment = await this.comments.create(workspaceId, projectId, body);
    return { id: comment.id };
  }
}
