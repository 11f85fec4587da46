import { Body, Controller, Delete, Get, Header, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiExtension,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, DomainError } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { McpMessageDto, McpResponseDto } from './dto/mcp-message.dto';
import { McpAnswerInterceptor } from './mcp-answer.interceptor';
import { McpHttpAnswer, McpToolServer } from './mcp-tool-server';

/** Media ranges under which an answer in application/json is acceptable. */
const JSON_RANGES = new Set(['*/*', 'application/*', 'application/json']);

/**
 * The Accept header the transport is given. This endpoint answers JSON only
 * (never a stream), so a client that accepts JSON — or says nothing, or
 * `*\/*` — is served even if it does not also list text/event-stream, which
 * the transport otherwise insists on.
 */
function acceptForTransport(accept: string | undefined): string | undefined {
  const ranges = (accept ?? '*/*').split(',').map((range) => range.split(';')[0].trim().toLowerCase());
  return ranges.some((range) => JSON_RANGES.has(range)) ? 'application/json, text/event-stream' : accept;
}

/** The request as the SDK's web-standard transport reads it: method, URL and headers (the body goes parsed). */
function webRequestOf(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const accept = acceptForTransport(request.headers.accept);
  if (accept !== undefined) headers.set('accept', accept);
  return new Request(`${request.protocol}://${request.host}${request.url}`, { method: 'POST', headers });
}

function notAllowed(): DomainError {
  return new DomainError(
    'METHOD_NOT_ALLOWED',
    'This MCP endpoint is stateless: it opens no event stream and keeps no session. Send each JSON-RPC message with POST.',
  );
}

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/mcp')
@UseInterceptors(McpAnswerInterceptor)
export class McpController {
  constructor(private readonly server: McpToolServer) {}

  /**
   * A Model Context Protocol server over Streamable HTTP (stateless: no
   * session, each POST stands alone; answers are JSON, never a stream), for
   * the caller in this workspace. `tools/list` lists the tools the caller may
   * use, with their input and output schemas and annotations
   * (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`);
   * `tools/call` runs one call as an execution in calls mode — the same input
   * check, permission, policy, budgets, approvals and decision log — and a
   * refused call is a result with `isError: true` and the tool error
   * `{code, reason, decisionId}` as its text. A message of notifications only
   * is answered 202 with no body. Idempotency-Key is refused (422): JSON-RPC
   * ids identify requests.
   */
  @RequirePermission('ai:use')
  @Post()
  @ApiExtension('x-keel-idempotency', false)
  @ApiBody({ type: McpMessageDto })
  @ApiOkResponse({ type: McpResponseDto, description: 'The JSON-RPC response (an array for a batch).' })
  @ApiAcceptedResponse({ description: 'The message held only notifications or responses: no body.' })
  @ApiProblem('VALIDATION_FAILED', 'The MCP endpoint does not replay messages: send no Idempotency-Key.', {
    errors: [{ field: 'Idempotency-Key', rule: 'absent', message: 'JSON-RPC ids identify requests' }],
  })
  async post(
    @WorkspaceParam() workspaceId: string,
    @Req() request: FastifyRequest,
    @Res() _reply: FastifyReply,
    @Body() message: unknown,
  ): Promise<McpHttpAnswer> {
    if (request.headers['idempotency-key'] !== undefined) {
      // A replayed answer would be sent by nobody (this route sends its own reply) and means nothing to JSON-RPC.
      throw new DomainError(
        'VALIDATION_FAILED',
        'The MCP endpoint does not replay messages: send no Idempotency-Key.',
        {
          errors: [{ field: 'Idempotency-Key', rule: 'absent', message: 'JSON-RPC ids identify requests' }],
        },
      );
    }
    return this.server.answer(workspaceId, webRequestOf(request), message);
  }

  /** Streamable HTTP's server-to-client stream: not offered in stateless mode (405). */
  @RequirePermission('ai:use')
  @Get()
  @Header('Allow', 'POST')
  @ApiExcludeEndpoint()
  stream(): never {
    throw notAllowed();
  }

  /** Ending a session: there are none in stateless mode (405). */
  @RequirePermission('ai:use')
  @Delete()
  @Header('Allow', 'POST')
  @ApiExcludeEndpoint()
  endSession(): never {
    throw notAllowed();
  }
}
