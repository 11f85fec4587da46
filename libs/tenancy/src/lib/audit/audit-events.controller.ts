import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditEventResponse, AuditLog } from '@keel/identity';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { RequirePermission } from '../workspace-scope/require-permission.decorator';
import { WorkspaceParam } from '../workspace-scope/workspace-param.decorator';
import { AuditEventListResponse } from './dto/audit-event-list.response';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('v1/workspaces/:workspaceId/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditLog) {}

  /** The workspace's audit trail, newest first; filter by action, actor and time range. */
  @RequirePermission('audit:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: AuditQuery): Promise<AuditEventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.audit.listInWorkspace(
      workspaceId,
      {
        action: query.action,
        actorId: query.actorId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(events, limit, AuditEventResponse.of, (event) => [event.id]);
  }
}
