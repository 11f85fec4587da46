import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiCaller } from '../ai-caller';
import { RegisterToolDto } from './dto/register-tool.dto';
import { ToolListResponse, ToolResponse } from './dto/tool.response';
import { HttpToolCall } from './http/http-tool-call';
import { HttpToolsService } from './http/http-tools.service';
import { ToolRegistry } from './tool-registry';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/tools')
export class ToolsController {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly httpTools: HttpToolsService,
    private readonly httpCall: HttpToolCall,
    private readonly caller: AiCaller,
  ) {}

  /**
   * The tools this caller may use: those whose permission the caller holds
   * (the workspace's AI policy still decides each call), the built-in ones
   * then the workspace's HTTP tools. Each with its input and output JSON
   * Schema, annotations, permission and cost.
   */
  @RequirePermission('ai:use')
  @Get()
  async list(@WorkspaceParam() workspaceId: string): Promise<ToolListResponse> {
    const usable = (await this.registry.tools(workspaceId)).filter((tool) => this.caller.has(tool.permission));
    return { data: usable.map(ToolResponse.of), nextCursor: null };
  }

  /**
   * Registers an HTTP tool: a call to an outside API with the workspace
   * secrets it names filled in, sent under the webhooks' outbound rules
   * (public addresses only, a deadline, a bounded answer). Its version is
   * the hash of the registration. 422 TOOL_INVALID names each problem at its
   * JSON path; 409 TOOL_NAME_TAKEN when the name is the workspace's already.
   */
  @RequirePermission('ai:manage')
  @Post()
  @ApiProblem('TOOL_INVALID', 'The tool has 1 problem(s); see errors.', {
    errors: [
      {
        field: 'request.headers.authorization',
        path: '$.request.headers.authorization',
        rule: 'secret',
        message: 'uses the secret CRM_TOKEN, which secrets does not name',
      },
    ],
  })
  @ApiProblem('TOOL_NAME_TAKEN', 'The workspace already has a tool named crm.lookup.')
  async register(@WorkspaceParam() workspaceId: string, @Body() body: RegisterToolDto): Promise<ToolResponse> {
    return ToolResponse.of(this.httpCall.toTool(await this.httpTools.register(workspaceId, { ...body })));
  }

  /** Removes one of the workspace's HTTP tools (built-in tools stay); calls already made keep their records. */
  @RequirePermission('ai:manage')
  @Delete(':name')
  @HttpCode(204)
  async remove(@WorkspaceParam() workspaceId: string, @Param('name') name: string): Promise<void> {
    await this.httpTools.remove(workspaceId, name);
  }
}
