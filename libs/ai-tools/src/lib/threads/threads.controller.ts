import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeCursor, PageQuery, toPage } from '@keel/platform-database';
import { DomainError, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiThreadsService } from './ai-threads.service';
import { CreateThreadDto } from './dto/thread.dto';
import {
  ThreadListResponse,
  ThreadMessageListResponse,
  ThreadMessageResponse,
  ThreadResponse,
} from './dto/thread.response';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/threads')
export class ThreadsController {
  constructor(private readonly threads: AiThreadsService) {}

  /** Starts a thread: prompt-mode executions given its `threadId` read it as their history and append their prompt and answer. */
  @RequirePermission('ai:use')
  @Post()
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateThreadDto): Promise<ThreadResponse> {
    return ThreadResponse.of(await this.threads.create(workspaceId, body.title));
  }

  /** The caller's threads, newest first (every thread of the workspace with ai:manage). */
  @RequirePermission('ai:use')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<ThreadListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const [beforeId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.threads.list(workspaceId, limit, beforeId);
    return toPage(rows, limit, ThreadResponse.of, (thread) => [thread.id]);
  }

  /** The thread's messages, oldest first: each prompt and each answer, guardrails applied. */
  @RequirePermission('ai:use')
  @Get(':threadId/messages')
  async messages(
    @WorkspaceParam() workspaceId: string,
    @Param('threadId', ParseIdPipe) threadId: string,
    @Query() query: PageQuery,
  ): Promise<ThreadMessageListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const [afterSeq] = decodeCursor(query.cursor, 1) ?? [];
    if (afterSeq !== undefined && !/^\d{1,9}$/.test(afterSeq)) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this list handed out.');
    }
    const rows = await this.threads.page(
      workspaceId,
      threadId,
      limit,
      afterSeq === undefined ? undefined : Number(afterSeq),
    );
    return toPage(rows, limit, ThreadMessageResponse.of, (message) => [String(message.seq)]);
  }

  /**
   * Deletes the thread and its messages, and erases what its executions
   * stored of the conversation (prompts, answers, each step's input, result
   * and error); the decision log keeps its hashes.
   */
  @RequirePermission('ai:use')
  @Delete(':threadId')
  @HttpCode(204)
  async remove(@WorkspaceParam() workspaceId: string, @Param('threadId', ParseIdPipe) threadId: string): Promise<void> {
    await this.threads.remove(workspaceId, threadId);
  }
}
