import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { AutomationRunsService } from './automation-runs.service';
import { AutomationRunResponse } from './dto/automation-run.response';

@ApiTags('automations')
@Controller('v1/workspaces/:workspaceId/automation-runs')
export class AutomationRunsController {
  constructor(private readonly runs: AutomationRunsService) {}

  /**
   * Runs the run's failed and cancelled actions again (each still takes effect at most once).
   * 409 CONFLICT when none failed or was cancelled.
   */
  @RequirePermission('automations:write')
  @Post(':runId/replay')
  @HttpCode(202)
  async replay(
    @WorkspaceParam() workspaceId: string,
    @Param('runId', ParseIdPipe) runId: string,
  ): Promise<AutomationRunResponse> {
    return AutomationRunResponse.of(await this.runs.replay(workspaceId, runId));
  }
}
