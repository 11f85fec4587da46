import type { AiTool } from '../ai-tool';

export class ToolAnnotationsResponse {
  /** Changes nothing. @example true */
  readOnly: boolean;
  /** May change or remove what exists, not only add. @example false */
  destructive: boolean;
  /** Calling it twice with the same input does what calling it once does. @example true */
  idempotent: boolean;
  /** Reaches outside Keel. @example false */
  openWorld: boolean;
}

export class ToolResponse {
  /** @example "projects.get" */
  name: string;
  /** Part of what an approval is bound to. @example "1" */
  version: string;
  /** @example "One project by id: its state, version (send it back to transition it) and description." */
  description: string;
  /** `built-in` (acts through Keel's own services) or `http` (an outside API the workspace registered). @example "built-in" */
  kind: string;
  /** JSON Schema of the input; a call whose input does not match is INVALID_ARGUMENTS. @example {"type":"object","required":["projectId"],"properties":{"projectId":{"type":"string"}}} */
  inputSchema: Record<string, unknown>;
  /** JSON Schema of the result. @example {"type":"object"} */
  outputSchema: Record<string, unknown>;
  annotations: ToolAnnotationsResponse;
  /** What the caller needs, as on the equivalent HTTP route. @example "projects:read" */
  permission: string;
  /** Budget units one successful call spends. @example 1 */
  cost: number;

  static of(tool: AiTool): ToolResponse {
    return {
      name: tool.name,
      version: tool.version,
      description: tool.description,
      kind: tool.kind,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { ...tool.annotations },
      permission: tool.permission,
      cost: tool.cost,
    };
  }
}

export class ToolListResponse {
  data: ToolResponse[];
  /** Every tool fits on one page. @example null */
  nextCursor: string | null;
}
