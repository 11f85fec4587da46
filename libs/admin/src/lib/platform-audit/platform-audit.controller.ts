import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import { PlatformAuditQuery } from './dto/platform-audit-query.dto';
import { PlatformAuditEventListResponse, PlatformAuditEventResponse } from './dto/platform-audit-event.response';
import { PlatformAuditLog } from './platform-audit-log.service';

@ApiTags('admin')
@Controller('v1/admin/audit-events')
export class PlatformAuditController {
  constructor(private readonly audit: PlatformAuditLog) {}

  /**
   * The platform audit log, newest first: every admin request (actor, action,
   * target, reason, request id, client address, status) and every grant or
   * revocation of the admin role. Filter by action, actor, target and time.
   * Platform admins only.
   */
  @Get()
  @AdminRoute('audit-events.list')
  async list(@Query() query: PlatformAuditQuery): Promise<PlatformAuditEventListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.audit.list(
      PlatformAuditQuery.platformFilterOf(query),
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(events, limit, PlatformAuditEventResponse.of, (event) => [event.id]);
  }
}
