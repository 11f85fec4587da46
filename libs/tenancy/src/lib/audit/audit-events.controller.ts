import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditEventListResponse, AuditEventResponse, AuditLog } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage, TrailQuery } from '@keel/platform-database';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';

@ApiTags('audit')
@Controller('v1/workspaces/:workspaceId/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditLog) {}

  /** The workspace's audit trail, newest first; filter by action, actor and time range. */
  @RequirePermission('audit:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: TrailQuery): Promise<AuditEventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.audit.listInWorkspace(
      workspaceId,
      TrailQuery.filterOf(query),
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(events, limit, AuditEventResponse.of, (event) => [event.id]);
  }
}
