import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorContext, PeopleOnly } from '@keel/identity';
import { AcceptInviteDto } from './dto/accept-invite.dto';
import { AcceptedInviteResponse } from './dto/invite.response';
import { InvitesService } from './invites.service';

@ApiTags('invites')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/invites')
export class InviteAcceptanceController {
  constructor(
    private readonly invites: InvitesService,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Accepts an invite for the signed-in user, whose email must be the invited
   * one (403 INVITE_EMAIL_MISMATCH). 410 INVITE_USED, INVITE_REVOKED or
   * INVITE_EXPIRED when it can no longer be used.
   */
  @Post('accept')
  @HttpCode(200)
  accept(@Body() body: AcceptInviteDto): Promise<AcceptedInviteResponse> {
    return this.invites.accept(this.actors.user.userId, body.token);
  }
}
