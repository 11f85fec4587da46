import { ActorReferenceResponse } from '@keel/identity';
import { Comment } from '../comment.entity';

export class CommentResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a40" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  projectId: string;
  author: ActorReferenceResponse;
  /** Markdown. @example "Design review is **Thursday**." */
  body: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.000Z" */
  updatedAt: string;

  static of(comment: Comment): CommentResponse {
    return {
      id: comment.id,
      projectId: comment.projectId,
      author: { type: comment.authorType, id: comment.authorId },
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      updatedAt: comment.updatedAt.toISOString(),
    };
  }
}

export class CommentListResponse {
  data: CommentResponse[];
  /** @example null */
  nextCursor: string | null;
}
