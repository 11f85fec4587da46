import type { Permission } from '@keel/tenancy';

/** A JSON Schema (draft 2020-12 subset that ajv checks). */
export type JsonSchema = Record<string, unknown>;

/** MCP's tool annotations, named without the `Hint` suffix. */
export interface ToolAnnotations {
  /** Changes nothing. */
  readOnly: boolean;
  /** May change or remove what exists (not only add). */
  destructive: boolean;
  /** Calling it twice with the same input has the effect of calling it once. */
  idempotent: boolean;
  /** Reaches outside Keel. */
  openWorld: boolean;
}

/** What a client (or a model) learns of a tool. */
export interface ToolDescriptor {
  name: string;
  version: string;
  description: string;
  /** `built-in` (Keel's own services) or `http` (an outside API the workspace registered). */
  kind: 'built-in' | 'http';
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: ToolAnnotations;
  /** The permission the caller needs, as on the equivalent HTTP route. */
  permission: Permission;
  /** Budget units one successful call spends. */
  cost: number;
}

/** A tool Keel can run: acting as the caller, in the caller's tenant transaction. */
export interface AiTool extends ToolDescriptor {
  /** `input` has passed `inputSchema`. Throws a DomainError when the service refuses. */
  run(workspaceId: string, input: Record<string, unknown>): Promise<unknown>;
}
