import { PeopleOnly } from '../authentication/people-only.decorator';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActorContext } from '../authentication/actor-context';
import { Public } from '@keel/platform-context';
import { NoStore } from '@keel/platform-errors';
import { AuthService } from './auth.service';
import { RefreshDto } from './dto/refresh.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { TokenPairResponse } from './dto/token-pair.response';
import { MfaChallengeResponse } from '../mfa/dto/mfa-challenge.response';
import { SteppedUpResponse } from '../mfa/dto/stepped-up.response';
import { StepUpDto } from '../mfa/dto/step-up.dto';
import { VerifyMfaDto } from '../mfa/dto/verify-mfa.dto';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly actors: ActorContext,
  ) {}

  /** Creates an account and signs it in; a verification mail is sent. 409 EMAIL_TAKEN when the address has an account. */
  @Public()
  @Post('signup')
  @NoStore()
  signUp(@Body() body: SignUpDto): Promise<TokenPairResponse> {
    return this.auth.signUp(body);
  }

  /**
   * 401 INVALID_CREDENTIALS for an unknown email and a wrong password alike; 429 TOO_MANY_ATTEMPTS after repeated
   * failures. With MFA on, the right password answers 202 with an `mfaToken` for POST /v1/auth/mfa/verify.
   */
  @Public()
  @Post('login')
  @NoStore()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse, description: 'Signed in.' })
  @ApiAcceptedResponse({
    type: MfaChallengeResponse,
    description: 'The password is right; the account asks for its second factor.',
  })
  async login(
    @Body() body: SignInDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse | MfaChallengeResponse> {
    const outcome = await this.auth.signIn(body);
    if ('mfaRequired' in outcome) void reply.status(202);
    return outcome;
  }

  /**
   * Completes a sign-in with MFA on: the `mfaToken` of the 202 and a current authenticator `code` (or a
   * `recoveryCode`, spent). 403 MFA_CODE_INVALID for a wrong or reused code (the token stays usable; failures meet
   * the sign-in throttle, 429); 401 INVALID_TOKEN for an unknown, used or expired token.
   */
  @Public()
  @Post('mfa/verify')
  @NoStore()
  @HttpCode(200)
  verifyMfa(@Body() body: VerifyMfaDto): Promise<TokenPairResponse> {
    return this.auth.verifyMfa(body.mfaToken, { code: body.code, recoveryCode: body.recoveryCode });
  }

  /**
   * Proves it is you again before a sensitive action (403 STEP_UP_REQUIRED names this route): a current `code` or a
   * `recoveryCode` when the account has MFA (the session becomes `aal2`), the `password` otherwise. Answers a new
   * access token for the same session; sensitive actions accept it for 10 minutes.
   */
  @ApiBearerAuth()
  @PeopleOnly()
  @Post('step-up')
  @NoStore()
  @HttpCode(200)
  stepUp(@Body() body: StepUpDto): Promise<SteppedUpResponse> {
    const { userId, sessionId } = this.actors.user;
    return this.auth.stepUp(userId, sessionId, body);
  }

  /**
   * Trades a refresh token for a new pair; the token is spent. Presented again
   * within REFRESH_RETRY_WINDOW_SECONDS (default 10 s) while its successor is
   * unused, it returns the same successor; otherwise 401 REFRESH_TOKEN_REUSED
   * and the whole session is revoked.
   */
  @Public()
  @Post('refresh')
  @NoStore()
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends the current session: its refresh token is dead, its access tokens stop within seconds. */
  @ApiBearerAuth()
  @PeopleOnly()
  @Post('logout')
  @HttpCode(204)
  async logout(): Promise<void> {
    const { userId, sessionId } = this.actors.user;
    await this.auth.signOut(userId, sessionId);
  }
}
