import { ApiProperty } from '@nestjs/swagger';

/** A JSON-RPC 2.0 message of the Model Context Protocol (or a batch of them, as an array). */
export class McpMessageDto {
  @ApiProperty({ enum: ['2.0'], example: '2.0' })
  jsonrpc: string;
  /** The request's id, echoed in its response; absent for a notification. @example 1 */
  id?: number;
  /** `initialize`, `tools/list`, `tools/call`, `ping`, or a notification such as `notifications/initialized`. @example "tools/list" */
  @ApiProperty({ maxLength: 200 })
  method: string;
  /** The method's parameters: for `tools/call`, `{name, arguments}`. @example {} */
  params?: Record<string, unknown>;
}

/** The JSON-RPC answer to one request. */
export class McpResponseDto {
  /** @example "2.0" */
  jsonrpc: string;
  /** The id of the request it answers. @example 1 */
  id: number;
  /** The method's result: for `tools/list`, `{tools: [{name, description, inputSchema, outputSchema, annotations}]}`; for `tools/call`, `{content, structuredContent?, isError?}`. @example {"tools":[{"name":"projects.get","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}}]} */
  result?: Record<string, unknown>;
  /** A JSON-RPC error (an unknown method, parameters that are not the method's). @example {"code":-32601,"message":"Method not found"} */
  error?: Record<string, unknown>;
}
