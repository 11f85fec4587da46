import { PeopleOnly } from '../authentication/people-only.decorator';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage, TrailQuery } from '@keel/platform-database';
import { ActorContext } from '../authentication/actor-context';
import { AuditEventListResponse } from './audit-event-list.response';
import { AuditEventResponse } from './audit-event.response';
import { AuditLog } from './audit-log.service';

@ApiTags('me')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/me/audit-events')
export class AccountAuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly actors: ActorContext,
  ) {}

  /**
   * The caller's own account trail, newest first: sign-ins and failed ones,
   * password changes and resets, revoked sessions, a reused refresh token.
   * Filter by action, actor and time range. Signed-in people only.
   */
  @Get()
  async list(@Query() query: TrailQuery): Promise<AuditEventListResponse> {
    const { userId } = this.actors.user;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.audit.listForAccount(
      userId,
      TrailQuery.filterOf(query),
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(events, limit, AuditEventResponse.of, (event) => [event.id]);
  }
}
