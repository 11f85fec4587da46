import { Injectable } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import type { FieldError } from '@keel/platform-errors';
import { schemaProblems } from '../json-schema-problems';
import type { AiTool } from './ai-tool';
import { BuiltInTools } from './built-in-tools';

/** The tools of a workspace, each with its input schema compiled once. */
@Injectable()
export class ToolRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly builtIns: BuiltInTools) {
    for (const tool of builtIns.all) this.validators.set(tool.name, this.ajv.compile(tool.inputSchema));
  }

  /** Every tool of the workspace, by name. */
  tools(): readonly AiTool[] {
    return this.builtIns.all;
  }

  find(name: string): AiTool | undefined {
    return this.builtIns.all.find((tool) => tool.name === name);
  }

  /** Why `input` does not fit the tool's input schema, at JSON paths below `$.input`; empty when it fits. */
  inputProblems(tool: AiTool, input: unknown): FieldError[] {
    const validate = this.validators.get(tool.name) ?? this.ajv.compile(tool.inputSchema);
    return validate(input) ? [] : schemaProblems(validate.errors, '$.input');
  }
}
