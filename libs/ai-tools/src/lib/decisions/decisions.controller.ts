import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AiDecisionsService } from './ai-decisions.service';
import { DecisionQuery } from './dto/decision-query.dto';
import { DecisionListResponse, DecisionResponse } from './dto/decision.response';

@ApiTags('ai-tools')
@Controller('v1/workspaces/:workspaceId/ai/decisions')
export class DecisionsController {
  constructor(private readonly decisions: AiDecisionsService) {}

  /** The decision log, newest first: every decision on a real tool call, filtered by tool, effect and execution. */
  @RequirePermission('ai:manage')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: DecisionQuery): Promise<DecisionListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.decisions.list(
      workspaceId,
      { tool: query.tool, effect: query.effect, executionId: query.execution },
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(rows, limit, DecisionResponse.of, (decision) => [decision.id]);
  }
}
