import { ActorReferenceResponse } from '@keel/identity';
import type { AiThreadMessage } from '../ai-thread-message.entity';
import type { AiThread } from '../ai-thread.entity';

export class ThreadResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2f00" */
  id: string;
  /** @example "Weekly triage" */
  title: string;
  createdBy: ActorReferenceResponse;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  /** When a message was last appended. @example "2026-12-07T10:05:00.000Z" */
  updatedAt: string;

  static of(thread: AiThread): ThreadResponse {
    return {
      id: thread.id,
      title: thread.title,
      createdBy: { type: thread.createdByType, id: thread.createdById },
      createdAt: thread.createdAt.toISOString(),
      updatedAt: thread.updatedAt.toISOString(),
    };
  }
}

export class ThreadListResponse {
  data: ThreadResponse[];
  /** @example null */
  nextCursor: string | null;
}

export class ThreadMessageResponse {
  /** 1 for the first message. @example 1 */
  seq: number;
  /** `user` (a prompt) or `assistant` (the model's answer). @example "user" */
  role: string;
  /** Guardrails applied: what the model was sent, or what it answered. @example "Which projects are blocked?" */
  content: string;
  /** The execution that appended it. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c00" */
  executionId: string | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;

  static of(message: AiThreadMessage): ThreadMessageResponse {
    return {
      seq: message.seq,
      role: message.role,
      content: message.content,
      executionId: message.executionId,
      createdAt: message.createdAt.toISOString(),
    };
  }
}

export class ThreadMessageListResponse {
  data: ThreadMessageResponse[];
  /** @example null */
  nextCursor: string | null;
}
