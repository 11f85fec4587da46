import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { WorkflowVersionResponse } from '../definitions/dto/workflow-version.response';
import { PublishWorkflowVersionDto } from './dto/publish-workflow-version.dto';
import { WorkflowPublishingService } from './workflow-publishing.service';

@ApiTags('workflow')
@Controller('v1/workspaces/:workspaceId/workflow')
export class WorkflowPublishingController {
  constructor(private readonly publishing: WorkflowPublishingService) {}

  /**
   * Makes a draft the active version and moves every project onto it, in one
   * transaction. Projects in a state the draft drops move as `stateMapping`
   * says; 422 STATE_MAPPING_REQUIRED names each unmapped state and how many
   * projects are in it.
   */
  // The operation id the route had beside the other workflow routes: the SDK's name for it.
  @ApiOperation({ operationId: 'Workflow_publish' })
  @RequirePermission('workflow:write')
  @Post('versions/:versionId/publish')
  @HttpCode(200)
  async publish(
    @WorkspaceParam() workspaceId: string,
    @Param('versionId', ParseIdPipe) versionId: string,
    @Body() body: PublishWorkflowVersionDto,
  ): Promise<WorkflowVersionResponse> {
    const { version } = await this.publishing.publish(workspaceId, versionId, body.stateMapping);
    return WorkflowVersionResponse.of(version);
  }
}
