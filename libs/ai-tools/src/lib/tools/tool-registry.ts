import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import type { FieldError } from '@keel/platform-errors';
import { schemaProblems } from '../json-schema-problems';
import type { AiTool } from './ai-tool';
import { BuiltInTools } from './built-in-tools';
import { HttpToolCall } from './http/http-tool-call';
import { HttpToolsService } from './http/http-tools.service';
import { toolSchemaAjv } from './tool-schema-ajv';

/** Compiled input schemas of workspace tools kept at most: the oldest is dropped past it. */
const COMPILED_SCHEMAS_KEPT = 1000;

/** The tools of a workspace — the built-in ones, then its HTTP tools — each with its input schema compiled once. */
@Injectable()
export class ToolRegistry {
  private readonly ajv = toolSchemaAjv();
  private readonly builtInValidators = new Map<string, ValidateFunction>();
  /** By workspace, name and version: a registration never changes, so neither does its schema. */
  private readonly workspaceValidators = new Map<string, ValidateFunction>();

  constructor(
    private readonly builtIns: BuiltInTools,
    private readonly httpTools: HttpToolsService,
    private readonly httpCall: HttpToolCall,
  ) {
    for (const tool of builtIns.all) this.builtInValidators.set(tool.name, this.ajv.compile(tool.inputSchema));
  }

  /** Every tool of the workspace: the built-in ones, then its HTTP tools by name. */
  async tools(workspaceId: string): Promise<AiTool[]> {
    const registered = await this.httpTools.list(workspaceId);
    return [...this.builtIns.all, ...registered.map((tool) => this.httpCall.toTool(tool))];
  }

  async find(workspaceId: string, name: string): Promise<AiTool | undefined> {
    const builtIn = this.builtIns.all.find((tool) => tool.name === name);
    if (builtIn) return builtIn;
    const registered = await this.httpTools.find(workspaceId, name);
    return registered ? this.httpCall.toTool(registered) : undefined;
  }

  /** Why `input` does not fit the tool's input schema, at JSON paths below `$.input`; empty when it fits. */
  inputProblems(workspaceId: string, tool: AiTool, input: unknown): FieldError[] {
    const validate = this.validatorOf(workspaceId, tool);
    return validate(input) ? [] : schemaProblems(validate.errors, '$.input');
  }

  private validatorOf(workspaceId: string, tool: AiTool): ValidateFunction {
    if (tool.kind === 'built-in') {
      return this.builtInValidators.get(tool.name) ?? this.ajv.compile(tool.inputSchema);
    }
    const key = `${workspaceId}:${tool.name}:${tool.version}`;
    let validate = this.workspaceValidators.get(key);
    if (!validate) {
      // A fresh ajv per schema: one instance would keep every schema it compiled (and clash on a reused $id).
      validate = toolSchemaAjv().compile(tool.inputSchema);
      if (this.workspaceValidators.size >= COMPILED_SCHEMAS_KEPT) {
        const oldest = this.workspaceValidators.keys().next().value;
        if (oldest !== undefined) this.workspaceValidators.delete(oldest);
      }
      this.workspaceValidators.set(key, validate);
    }
    return validate;
  }
}
