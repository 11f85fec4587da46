import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDescriptor } from '../tools/ai-tool';
import type { AiExecutionStep } from '../executions/ai-execution-step.entity';

/** The `_meta` keys Keel adds to what it answers over MCP (MCP's reverse-DNS prefix). */
export const MCP_META = {
  version: 'keel.dev/version',
  permission: 'keel.dev/permission',
  cost: 'keel.dev/cost',
  kind: 'keel.dev/kind',
  executionId: 'keel.dev/executionId',
  decisionId: 'keel.dev/decisionId',
  outcome: 'keel.dev/outcome',
} as const;

/** A tool as `tools/list` describes it: Keel's annotations under MCP's `…Hint` names, Keel's own facts in `_meta`. */
export function mcpToolOf(tool: ToolDescriptor): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool['inputSchema'],
    outputSchema: tool.outputSchema as Tool['outputSchema'],
    annotations: {
      readOnlyHint: tool.annotations.readOnly,
      destructiveHint: tool.annotations.destructive,
      idempotentHint: tool.annotations.idempotent,
      openWorldHint: tool.annotations.openWorld,
    },
    _meta: {
      [MCP_META.version]: tool.version,
      [MCP_META.kind]: tool.kind,
      [MCP_META.permission]: tool.permission,
      [MCP_META.cost]: tool.cost,
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What `tools/call` answers for the one step of its execution: the tool's
 * result as JSON text and as `structuredContent` (it matches the tool's
 * `outputSchema`); or, when the call was refused, held for approval or failed,
 * `isError: true` with the tool error of calls mode (`{code, reason,
 * decisionId, …}`) as JSON text — not as `structuredContent`, which a client
 * checks against the output schema of a successful result.
 */
export function mcpCallResultOf(executionId: string, step: AiExecutionStep): CallToolResult {
  const _meta = {
    [MCP_META.executionId]: executionId,
    [MCP_META.decisionId]: step.decisionId,
    [MCP_META.outcome]: step.outcome,
  };
  if (step.outcome === 'succeeded') {
    const result = step.result ?? null;
    return {
      content: [{ type: 'text', text: JSON.stringify(result) }],
      ...(isPlainObject(result) ? { structuredContent: result } : {}),
      _meta,
    };
  }
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(step.error) }],
    _meta,
  };
}
