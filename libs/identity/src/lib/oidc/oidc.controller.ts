import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@keel/platform-context';
import { ApiProblem, NoStore } from '@keel/platform-errors';
import { TokenPairResponse } from '../auth/dto/token-pair.response';
import { MfaChallengeResponse } from '../mfa/dto/mfa-challenge.response';
import { OidcExchangeDto } from './dto/oidc-exchange.dto';
import { OidcStartQuery } from './dto/oidc-start.query';
import { OidcSignIn } from './oidc-sign-in.service';

const LOCATION_HEADER = {
  Location: {
    description: 'Where the browser goes next.',
    schema: { type: 'string' as const, format: 'uri', maxLength: 4096 },
  },
};

/** "Sign in with …" an OpenID Provider of OIDC_PROVIDERS: a browser flow, then one call by the client. */
@ApiTags('auth')
@Controller('v1/auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcSignIn) {}

  /**
   * Starts a sign-in: 302 to the provider's authorization endpoint (authorization code flow with PKCE S256, a fresh
   * `state` and `nonce`, kept server-side for 10 minutes). Open it in the browser. 400 REDIRECT_NOT_ALLOWED when
   * `redirectUri` is not on OIDC_REDIRECT_ALLOWLIST; 404 for a provider that is not configured.
   */
  @Public()
  @Get(':provider/start')
  @NoStore()
  @ApiResponse({ status: 302, description: 'To the provider.', headers: LOCATION_HEADER })
  @ApiProblem('REDIRECT_NOT_ALLOWED', "redirectUri is not on this deployment's allow-list (OIDC_REDIRECT_ALLOWLIST).")
  @ApiProblem('OIDC_PROVIDER_UNAVAILABLE', 'The OpenID Provider "google" could not be reached; try again later.')
  async start(
    @Param('provider') provider: string,
    @Query() query: OidcStartQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    void reply.status(302).header('location', await this.oidc.start(provider, query.redirectUri));
  }

  /**
   * Where the provider sends the browser back. Checks the `state` (known, unexpired, used once), then exchanges the
   * code and checks the ID token (signature, issuer, audience, expiry, nonce), finds the account (linked, linked now
   * by a verified email, or new) and answers 302 to the sign-in's `redirectUri` with `?code=` for
   * POST /v1/auth/oidc/exchange.
   */
  @Public()
  @Get(':provider/callback')
  @NoStore()
  @ApiQuery({ name: 'code', required: false, schema: { type: 'string', maxLength: 2048 } })
  @ApiQuery({ name: 'state', required: false, schema: { type: 'string', maxLength: 512 } })
  @ApiQuery({ name: 'iss', required: false, schema: { type: 'string', maxLength: 2048 } })
  @ApiQuery({ name: 'error', required: false, schema: { type: 'string', maxLength: 256 } })
  @ApiResponse({ status: 302, description: 'To the redirectUri, with a sign-in code.', headers: LOCATION_HEADER })
  @ApiProblem(
    'OIDC_STATE_INVALID',
    'This sign-in is unknown, already finished or expired; start again from /v1/auth/oidc/{provider}/start.',
  )
  @ApiProblem(
    'OIDC_SIGN_IN_FAILED',
    'The answer of the provider "google" failed its checks (unexpected ID Token "nonce" claim value); start again.',
  )
  @ApiProblem(
    'ACCOUNT_LINK_REQUIRED',
    'A Keel account has this email, but its address is not verified in Keel, so it cannot be linked: sign in with your password, verify the address, then sign in with "google" again.',
    { provider: 'google', reason: 'email_not_verified_in_keel' },
  )
  @ApiProblem('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.')
  async callback(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    void reply.status(302).header('location', await this.oidc.callback(provider, query));
  }

  /**
   * Trades the `code` of the redirect for a session, like POST /v1/auth/login: 200 with the token pair, or 202 with
   * an `mfaToken` for POST /v1/auth/mfa/verify when the account has MFA. 401 INVALID_TOKEN for an unknown, used or
   * expired code (it lives 60 seconds).
   */
  @Public()
  @Post('exchange')
  @NoStore()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse, description: 'Signed in.' })
  @ApiAcceptedResponse({ type: MfaChallengeResponse, description: 'The account asks for its second factor.' })
  async exchange(
    @Body() body: OidcExchangeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse | MfaChallengeResponse> {
    const outcome = await this.oidc.exchange(body.code);
    if ('mfaRequired' in outcome) void reply.status(202);
    return outcome;
  }
}
