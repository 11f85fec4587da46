import { Injectable } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  ListToolsResult,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { AiCaller } from '../ai-caller';
import { AiExecutionsService } from '../executions/ai-executions.service';
import { ToolRegistry } from '../tools/tool-registry';
import { mcpCallResultOf, mcpToolOf } from './mcp-tool-result';

/** What the MCP endpoint answers over HTTP, once the request's transaction is over. */
export interface McpHttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null for 202 (the message held only notifications or responses). */
  body: string | null;
}

const SERVER_INFO = { name: 'keel', title: 'Keel', version: '1.0.0' };

const INSTRUCTIONS =
  "Keel's tools act in one workspace as the caller, under the workspace's AI policy (deny by default) and budgets. " +
  'A refused call answers isError with {code, reason, decisionId}: POLICY_DENIED, INVALID_ARGUMENTS, BUDGET_EXCEEDED, ' +
  'or APPROVAL_REQUIRED with the approvalId a person must approve.';

/**
 * The MCP server of a workspace, one per HTTP request (Streamable HTTP in
 * stateless mode: no session, every POST stands alone). `tools/list` lists
 * the tools the caller may use; `tools/call` is a one-call execution in calls
 * mode, so it goes through the same input check, permission, policy,
 * budgets, approvals and decision log, and is recorded as an execution.
 *
 * The transport is the SDK's web-standard one, in JSON response mode: it
 * hands back a `Response` instead of writing to the socket, so the answer
 * leaves only once the request's tenant transaction has committed (a client
 * that reads a tool's result then finds its decision logged), and Nest's
 * interceptors and filters see the request through as for any route.
 */
@Injectable()
export class McpToolServer {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly caller: AiCaller,
    private readonly executions: AiExecutionsService,
  ) {}

  async answer(workspaceId: string, request: Request, message: unknown): Promise<McpHttpAnswer> {
    // The SDK answers a throwing handler with its message as a JSON-RPC error: a database error would reach the
    // client. Such an error is kept, the client told nothing, and it is thrown once the transport is done, so
    // the request's transaction rolls back and the answer is the usual 500 problem with its request id.
    let unexpected: unknown;
    const guarded =
      <T>(handler: () => Promise<T>) =>
      async (): Promise<T> => {
        try {
          return await handler();
        } catch (error) {
          unexpected ??= error;
          throw new McpError(ErrorCode.InternalError, 'Keel could not answer this request.');
        }
      };

    const server = new Server(SERVER_INFO, {
      capabilities: { tools: { listChanged: false } },
      instructions: INSTRUCTIONS,
    });
    server.setRequestHandler(ListToolsRequestSchema, (_request) => guarded(() => this.listTools(workspaceId))());
    server.setRequestHandler(CallToolRequestSchema, (request) =>
      guarded(() => this.callTool(workspaceId, request.params.name, request.params.arguments))(),
    );
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      const response = await transport.handleRequest(request, { parsedBody: message });
      if (unexpected !== undefined) throw unexpected;
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: response.body ? await response.text() : null };
    } finally {
      await server.close();
    }
  }

  private async listTools(workspaceId: string): Promise<ListToolsResult> {
    const usable = (await this.registry.tools(workspaceId)).filter((tool) => this.caller.has(tool.permission));
    return { tools: usable.map(mcpToolOf) };
  }

  private async callTool(workspaceId: string, tool: string, input: unknown): Promise<CallToolResult> {
    const { execution, steps } = await this.executions.runCalls(workspaceId, [{ tool, input }]);
    return mcpCallResultOf(execution.id, steps[0]);
  }
}
