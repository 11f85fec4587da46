import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiCaller } from '../ai-caller';
import { ToolListResponse, ToolResponse } from './dto/tool.response';
import { ToolRegistry } from './tool-registry';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/tools')
export class ToolsController {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly caller: AiCaller,
  ) {}

  /**
   * The tools this caller may use: those whose permission the caller holds
   * (the workspace's AI policy still decides each call). Each with its input
   * and output JSON Schema, annotations, permission and cost.
   */
  @RequirePermission('ai:use')
  @Get()
  list(@WorkspaceParam() _workspaceId: string): ToolListResponse {
    const usable = this.registry.tools().filter((tool) => this.caller.has(tool.permission));
    return { data: usable.map(ToolResponse.of), nextCursor: null };
  }
}
