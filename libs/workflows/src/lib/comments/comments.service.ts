import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { Outbox } from '@keel/events';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { WorkspaceScope } from '@keel/tenancy';
import { ActivityLog } from '../activity/activity-log.service';
import { assertNotArchived, ProjectsService } from '../projects/projects.service';
import { WORKFLOW_EVENT_VERSION } from '../workflow-events';
import { Comment } from './comment.entity';
import { CommentResponse } from './dto/comment.response';

/** Comments on a workspace's projects; in its tenant transaction. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
    private readonly projects: ProjectsService,
    private readonly activity: ActivityLog,
    private readonly outbox: Outbox,
  ) {}

  private get comments() {
    return this.txHost.tx.getRepository(Comment);
  }

  /** Comments on an archived project are refused (409 PROJECT_ARCHIVED): restore it first. */
  async create(workspaceId: string, projectId: string, body: string): Promise<Comment> {
    const project = await this.projects.get(workspaceId, projectId);
    assertNotArchived(project);
    const author = actorReference(this.actors.actor);
    const now = new Date();
    const comment: Comment = {
      workspaceId,
      id: newId(),
      projectId,
      authorType: author.type,
      authorId: author.id,
      body,
      createdAt: now,
      updatedAt: now,
    };
    await this.comments.insert(comment);
    await this.activity.record(workspaceId, {
      action: 'comment.created',
      projectId,
      target: { type: 'comment', id: comment.id },
      data: { body },
    });
    await this.outbox.publish(workspaceId, {
      type: 'comment.created',
      version: WORKFLOW_EVENT_VERSION,
      data: { comment: CommentResponse.of(comment), project: { id: project.id, key: project.key, name: project.name } },
    });
    return comment;
  }

  /** Oldest first, as a conversation reads. */
  async list(workspaceId: string, projectId: string, limit: number, afterId?: string): Promise<Comment[]> {
    await this.projects.get(workspaceId, projectId);
    const query = this.comments
      .createQueryBuilder('comment')
      .where('comment.workspace_id = :workspaceId AND comment.project_id = :projectId', { workspaceId, projectId })
      .orderBy('comment.id', 'ASC')
      .limit(limit + 1);
    if (afterId) query.andWhere('comment.id > :afterId', { afterId });
    return query.getMany();
  }

  /** Only the author edits a comment (403 COMMENT_NOT_AUTHOR otherwise). */
  async update(workspaceId: string, commentId: string, body: string): Promise<Comment> {
    const comment = await this.get(workspaceId, commentId);
    if (!this.isAuthor(comment)) {
      throw new DomainError('COMMENT_NOT_AUTHOR', 'Only the author of a comment may edit it.');
    }
    if (body === comment.body) return comment;
    const updatedAt = new Date();
    await this.comments.update({ workspaceId, id: commentId }, { body, updatedAt });
    await this.activity.record(workspaceId, {
      action: 'comment.updated',
      projectId: comment.projectId,
      target: { type: 'comment', id: commentId },
      data: { changes: { body: { from: comment.body, to: body } } },
    });
    return { ...comment, body, updatedAt };
  }

  /** The author deletes a comment, and so does anyone holding `comments:moderate` (owners and admins). */
  async delete(workspaceId: string, commentId: string): Promise<void> {
    const comment = await this.get(workspaceId, commentId);
    if (!this.isAuthor(comment) && !this.scope.has('comments:moderate')) {
      throw new DomainError(
        'COMMENT_NOT_AUTHOR',
        'Only the author of a comment, or a holder of comments:moderate, may delete it.',
      );
    }
    await this.comments.delete({ workspaceId, id: commentId });
    await this.activity.record(workspaceId, {
      action: 'comment.deleted',
      projectId: comment.projectId,
      target: { type: 'comment', id: commentId },
      data: { author: { type: comment.authorType, id: comment.authorId } },
    });
  }

  private async get(workspaceId: string, commentId: string): Promise<Comment> {
    const comment = await this.comments.findOneBy({ workspaceId, id: commentId });
    if (!comment) throw new DomainError('NOT_FOUND', 'No comment of this workspace has this id.');
    return comment;
  }

  private isAuthor(comment: Comment): boolean {
    const caller = actorReference(this.actors.actor);
    return caller.type === comment.authorType && caller.id === comment.authorId;
  }
}
