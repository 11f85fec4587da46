import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiCaller } from '../ai-caller';
import type { AiExecution } from '../executions/ai-execution.entity';
import type { ModelMessage } from '../prompt/model-provider';
import { AiThreadMessage, ThreadMessageRole } from './ai-thread-message.entity';
import { AiThread } from './ai-thread.entity';

export function threadNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No thread of this workspace has this id.');
}

/**
 * Threads: conversations prompt-mode executions append to. A thread is its
 * creator's (a holder of ai:manage sees every thread); anyone else's is 404.
 */
@Injectable()
export class AiThreadsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly caller: AiCaller,
  ) {}

  private get threads() {
    return this.txHost.tx.getRepository(AiThread);
  }

  private get messages() {
    return this.txHost.tx.getRepository(AiThreadMessage);
  }

  async create(workspaceId: string, title: string | undefined): Promise<AiThread> {
    const principal = this.caller.principal;
    const now = new Date();
    const thread: AiThread = {
      workspaceId,
      id: newId(),
      title: title ?? '',
      createdByType: principal.type,
      createdById: principal.id,
      createdAt: now,
      updatedAt: now,
    };
    await insertRows(this.txHost.tx, AiThread, thread);
    return thread;
  }

  /** Newest first: the caller's threads, or every thread for a holder of ai:manage. */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<AiThread[]> {
    const query = this.threads
      .createQueryBuilder('thread')
      .where('thread.workspace_id = :workspaceId', { workspaceId })
      .orderBy('thread.id', 'DESC')
      .limit(limit + 1);
    if (!this.caller.has('ai:manage')) {
      const principal = this.caller.principal;
      query.andWhere('thread.created_by_type = :type AND thread.created_by_id = :id', principal);
    }
    if (beforeId) query.andWhere('thread.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The thread, when the caller may see it; 404 otherwise. */
  async get(workspaceId: string, threadId: string): Promise<AiThread> {
    const thread = await this.threads.findOneBy({ workspaceId, id: threadId });
    if (!thread || !this.maySee(thread)) throw threadNotFound();
    return thread;
  }

  /** Oldest first, after `afterSeq`. */
  async page(workspaceId: string, threadId: string, limit: number, afterSeq?: number): Promise<AiThreadMessage[]> {
    await this.get(workspaceId, threadId);
    const query = this.messages
      .createQueryBuilder('message')
      .where('message.workspace_id = :workspaceId AND message.thread_id = :threadId', { workspaceId, threadId })
      .orderBy('message.seq', 'ASC')
      .limit(limit + 1);
    if (afterSeq !== undefined) query.andWhere('message.seq > :afterSeq', { afterSeq });
    return query.getMany();
  }

  /**
   * The thread's conversation before `executionId` appended to it (all of it
   * when it has not yet): what the model reads as the history of a prompt.
   */
  async history(workspaceId: string, threadId: string, executionId?: string): Promise<ModelMessage[]> {
    const rows = await this.messages.find({ where: { workspaceId, threadId }, order: { seq: 'ASC' } });
    const own = executionId ? rows.findIndex((row) => row.executionId === executionId) : -1;
    return (own >= 0 ? rows.slice(0, own) : rows).map((row) =>
      row.role === 'user'
        ? { role: 'user' as const, content: row.content }
        : { role: 'assistant' as const, content: row.content, toolCalls: [] },
    );
  }

  /** Appends a message; the thread's row is locked so two executions append one after the other. */
  async append(
    workspaceId: string,
    threadId: string,
    role: ThreadMessageRole,
    content: string,
    executionId: string,
  ): Promise<void> {
    await this.txHost.tx.query('SELECT 1 FROM ai_threads WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [
      workspaceId,
      threadId,
    ]);
    const [row] = (await this.txHost.tx.query(
      'SELECT coalesce(max(seq), 0)::int AS last FROM ai_thread_messages WHERE workspace_id = $1 AND thread_id = $2',
      [workspaceId, threadId],
    )) as { last: number }[];
    const now = new Date();
    await insertRows(this.txHost.tx, AiThreadMessage, {
      workspaceId,
      threadId,
      seq: row.last + 1,
      role,
      content,
      executionId,
      createdAt: now,
    });
    await this.threads.update({ workspaceId, id: threadId }, { updatedAt: now });
  }

  /** Files a calls-mode execution under the thread: deleting the thread then erases what it stored too. */
  async attach(workspaceId: string, threadId: string, execution: AiExecution): Promise<void> {
    execution.threadId = threadId;
    await this.txHost.tx.query('UPDATE ai_executions SET thread_id = $3 WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      execution.id,
      threadId,
    ]);
  }

  /**
   * Deletes the thread and its messages, and erases what its executions
   * stored of the conversation — the prompt, the answer, each step's input,
   * result and error — keeping their hashes, outcomes and the decision log.
   */
  async remove(workspaceId: string, threadId: string): Promise<void> {
    await this.get(workspaceId, threadId);
    await this.txHost.tx.query(
      `UPDATE ai_execution_steps s SET input = NULL, result = NULL, error = NULL
         FROM ai_executions e
        WHERE e.workspace_id = $1 AND e.thread_id = $2
          AND s.workspace_id = e.workspace_id AND s.execution_id = e.id`,
      [workspaceId, threadId],
    );
    await this.txHost.tx.query(
      'UPDATE ai_executions SET prompt = NULL, answer = NULL WHERE workspace_id = $1 AND thread_id = $2',
      [workspaceId, threadId],
    );
    await this.txHost.tx.query('DELETE FROM ai_threads WHERE workspace_id = $1 AND id = $2', [workspaceId, threadId]);
  }

  private maySee(thread: AiThread): boolean {
    if (this.caller.has('ai:manage')) return true;
    const principal = this.caller.principal;
    return thread.createdByType === principal.type && thread.createdById === principal.id;
  }
}
