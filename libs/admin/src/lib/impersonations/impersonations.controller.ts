import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActorContext } from '@keel/identity';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import { StartedImpersonationResponse } from './dto/impersonation.response';
import { StartImpersonationDto } from './dto/start-impersonation.dto';
import { Impersonations } from './impersonations.service';

@ApiTags('admin')
@Controller('v1/admin/impersonations')
export class ImpersonationsController {
  constructor(
    private readonly impersonations: Impersonations,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Act as a user, for a reason (required) and 1 to 60 minutes (15 by
   * default): answers an access token of the user whose `act` claim names
   * the admin (RFC 8693), without a refresh token. It cannot reach
   * `/v1/admin/*` nor change the user's password, email, second factor or
   * sessions (403 IMPERSONATION_FORBIDDEN); every request made with it is
   * audited in the platform log and the workspace's (or account's) trail
   * with both identities; the user sees `impersonation.started` in
   * `/v1/me/audit-events`. A platform admin can never be impersonated.
   * Platform admins only.
   */
  @Post()
  @AdminRoute('impersonations.start')
  @ApiProblem('IMPERSONATION_OF_ADMIN', 'A platform admin cannot be impersonated, not even by another one.')
  start(@Body() body: StartImpersonationDto): Promise<StartedImpersonationResponse> {
    return this.impersonations.start(this.actors.user.userId, body);
  }

  /** Ends an impersonation now: its token stops working at once. Ending an ended one changes nothing. Platform admins only. */
  @Delete(':impersonationId')
  @HttpCode(204)
  @AdminRoute('impersonations.end')
  async end(@Param('impersonationId', ParseIdPipe) impersonationId: string): Promise<void> {
    await this.impersonations.end(impersonationId);
  }
}
