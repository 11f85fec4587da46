import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiExecutionsService } from './ai-executions.service';
import { executionEventStream } from './execution-stream';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/executions')
export class ExecutionEventsController {
  constructor(private readonly executions: AiExecutionsService) {}

  /**
   * The execution as Server-Sent Events (an EventSource follows it): each
   * step as `ai.execution.step` (id: its step number), then
   * `ai.execution.completed` or `ai.execution.failed` with the whole
   * execution, and the stream ends. While it waits for an approval, the
   * stream ends with `ai.execution.status` and `retry: 2000`: the EventSource
   * reconnects with `Last-Event-ID` and receives only what is newer. Another
   * caller's execution is 404 without ai:manage.
   */
  @RequirePermission('ai:use')
  @Get(':executionId/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Server-Sent Events of the execution.', schema: { type: 'string' } })
  async events(
    @WorkspaceParam() workspaceId: string,
    @Param('executionId', ParseIdPipe) executionId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.executions.get(workspaceId, executionId);
    const after = lastEventId !== undefined && /^\d{1,4}$/.test(lastEventId) ? Number(lastEventId) : 0;
    await reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(executionEventStream(found, after));
  }
}
