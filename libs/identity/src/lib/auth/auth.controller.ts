import { PeopleOnly } from '../authentication/people-only.decorator';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorContext } from '../authentication/actor-context';
import { Public } from '@keel/platform-context';
import { NoStore } from '@keel/platform-errors';
import { AuthService } from './auth.service';
import { RefreshDto } from './dto/refresh.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { TokenPairResponse } from './dto/token-pair.response';

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

  /** 401 INVALID_CREDENTIALS for an unknown email and a wrong password alike; 429 TOO_MANY_ATTEMPTS after repeated failures. */
  @Public()
  @Post('login')
  @NoStore()
  @HttpCode(200)
  login(@Body() body: SignInDto): Promise<TokenPairResponse> {
    return this.auth.signIn(body);
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
