import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { ActorContext } from '../authentication/actor-context';
import { PeopleOnly } from '../authentication/people-only.decorator';
import { UserIdentityListResponse, UserIdentityResponse } from './dto/user-identity.response';
import { UserIdentities } from './user-identities.service';

/** The OpenID Provider accounts linked to the caller's account. */
@ApiTags('me')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/me/identities')
export class UserIdentitiesController {
  constructor(
    private readonly identities: UserIdentities,
    private readonly actors: ActorContext,
  ) {}

  /** The caller's linked provider accounts, oldest first. */
  @Get()
  async list(): Promise<UserIdentityListResponse> {
    const identities = await this.identities.list(this.actors.user.userId);
    return { data: identities.map((identity) => UserIdentityResponse.of(identity)), nextCursor: null };
  }

  /**
   * Unlinks a provider account: it no longer signs this account in. 409 LAST_SIGN_IN_METHOD when the account has no
   * password and this is its only link. Another account's link is 404.
   */
  @Delete(':identityId')
  @HttpCode(204)
  @ApiProblem(
    'LAST_SIGN_IN_METHOD',
    'This is the only way this account signs in: set a password (POST /v1/auth/password/forgot) or link another provider first.',
  )
  async unlink(@Param('identityId', ParseIdPipe) identityId: string): Promise<void> {
    await this.identities.unlink(this.actors.user.userId, identityId);
  }
}
