import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { WorkspaceScope } from '../workspace-scope/workspace-scope';
import { explainAccess } from './access-explanation';
import { AccessExplanationResponse } from './dto/access-explanation.response';
import { ExplainAccessQuery } from './dto/explain-access-query.dto';

@ApiTags('roles')
@Controller('v1/workspaces/:workspaceId/access')
export class AccessController {
  constructor(private readonly scope: WorkspaceScope) {}

  /**
   * Whether the caller (a member, or an API key) holds `permission` here, through which role or scope, and what it
   * holds of the same resource: the answer behind a 403 PERMISSION_DENIED. A workspace not yours is a plain 404.
   */
  @RequirePermission('workspace:read')
  @Get('explain')
  explain(@WorkspaceParam() _workspaceId: string, @Query() query: ExplainAccessQuery): AccessExplanationResponse {
    return explainAccess(this.scope.current, query.permission);
  }
}
