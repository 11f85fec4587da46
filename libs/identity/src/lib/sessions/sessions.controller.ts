import { PeopleOnly } from '../authentication/people-only.decorator';
import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '@keel/platform-errors';
import { ActorContext } from '../authentication/actor-context';
import { AuditLog } from '../audit/audit-log.service';
import { SessionListResponse, SessionResponse } from './session.response';
import { SessionsService } from './sessions.service';

@ApiTags('me')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/me/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
  ) {}

  /** The caller's active sessions, most recently used first. */
  @Get()
  async list(): Promise<SessionListResponse> {
    const { userId, sessionId } = this.actors.user;
    const sessions = await this.sessions.listActive(userId);
    return { data: sessions.map((session) => SessionResponse.of(session, sessionId)), nextCursor: null };
  }

  /** Signs one of the caller's devices out. Another user's session id is 404. */
  @Delete(':sessionId')
  @HttpCode(204)
  async revoke(@Param('sessionId', ParseIdPipe) sessionId: string): Promise<void> {
    const { userId } = this.actors.user;
    await this.sessions.revokeOwn(userId, sessionId, 'revoked');
    await this.audit.recordForAccount({
      action: 'session.revoked',
      subjectUserId: userId,
      target: { type: 'session', id: sessionId },
      data: { reason: 'revoked' },
    });
  }
}
