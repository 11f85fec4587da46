import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ConfigSection, EnvVar, toInteger, toList } from '@keel/platform-config';
import { IsOidcProviders, IsRedirectAllowlist } from './oidc/oidc-provider-settings';

/**
 * Identity's variables: Keel's public addresses, access tokens, sessions,
 * signing keys, API keys, sign-in throttling and account mails. Other
 * contexts that mail links (invites) build them with MailLinks, which reads
 * APP_URL from here.
 */
@ConfigSection('Identity')
export class IdentityConfig {
  @EnvVar({
    type: 'url',
    description: 'Public base URL of Keel: the issuer (`iss`) of the access tokens it signs and accepts.',
  })
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http:// or https:// URL' })
  PUBLIC_URL = 'http://localhost:3000';

  @EnvVar({
    type: 'url',
    description:
      "Base URL of the web client; mails link to <APP_URL>/verify-email?token=…, /reset-password and /accept-invite. Unset: they link to the small pages Keel serves at those paths itself, at the address it listens on (HOST and the PORT really bound); behind a proxy, set it to Keel's public address to keep those pages.",
  })
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http:// or https:// URL' })
  APP_URL?: string;

  @EnvVar({ type: 'string', description: 'Audience (`aud`) of the access tokens Keel issues and accepts.' })
  @IsString()
  @MinLength(1)
  ACCESS_TOKEN_AUDIENCE = 'keel-api';

  @EnvVar({ type: 'integer', description: 'Lifetime of an access token, in seconds.' })
  @Transform(toInteger)
  @Min(60)
  @Max(3600)
  @IsInt()
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @EnvVar({ type: 'integer', description: 'Lifetime of a session (its refresh token family) without use, in days.' })
  @Transform(toInteger)
  @Min(1)
  @Max(365)
  @IsInt()
  SESSION_TTL_DAYS = 30;

  @EnvVar({
    type: 'integer',
    description:
      'How long a spent refresh token, presented again, still receives the same successor (a client that lost the response), in seconds. Later it counts as reuse.',
  })
  @Transform(toInteger)
  @Min(0)
  @Max(60)
  @IsInt()
  REFRESH_RETRY_WINDOW_SECONDS = 10;

  @EnvVar({
    type: 'integer',
    description: 'Age after which a new token signing key replaces the current one, in days.',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGNING_KEY_ROTATION_DAYS = 30;

  @EnvVar({
    type: 'string',
    description: 'Environment part of new API keys (`keel_<environment>_…`), e.g. live or test.',
  })
  @Matches(/^[a-z0-9]{1,16}$/, { message: 'must be 1 to 16 lower-case letters or digits' })
  API_KEY_ENVIRONMENT = 'live';

  @EnvVar({
    type: 'integer',
    description: 'Failed sign-ins allowed per account before each further attempt waits (the wait doubles each time).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT = 5;

  @EnvVar({
    type: 'integer',
    description:
      'Failed sign-ins allowed per client address before each further attempt waits (the wait doubles each time).',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS = 20;

  @EnvVar({
    type: 'integer',
    description:
      'First wait once the free sign-in attempts are used up, in seconds; each further failed attempt doubles it, up to SIGN_IN_MAX_LOCK_SECONDS.',
  })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_FIRST_LOCK_SECONDS = 1;

  @EnvVar({ type: 'integer', description: 'Longest wait imposed after failed sign-ins, in seconds.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  SIGN_IN_MAX_LOCK_SECONDS = 900;

  @EnvVar({
    type: 'integer',
    description:
      'Least time between two verification or password-reset mails to one account, in seconds: requests in between are answered the same but send nothing (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  LINK_MAIL_INTERVAL_SECONDS = 60;

  @EnvVar({
    type: 'integer',
    description:
      'Sign-ups allowed from one client address per hour; more get 429 RATE_LIMITED with Retry-After (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  SIGN_UPS_PER_ADDRESS_PER_HOUR = 20;

  @EnvVar({
    type: 'integer',
    description:
      'Password-reset requests (POST /v1/auth/password/forgot) allowed from one client address per hour; more get 429 RATE_LIMITED (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 20;

  @EnvVar({
    type: 'integer',
    description:
      'Mails (verification, password reset, invite) Keel sends to one address per hour: an invite past it gets 429 RATE_LIMITED, other mails are skipped quietly (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  MAILS_PER_RECIPIENT_PER_HOUR = 10;

  @EnvVar({
    type: 'integer',
    description:
      'Email changes (POST /v1/me/email) one account may ask for per hour; more get 429 RATE_LIMITED with Retry-After (0: no limit).',
  })
  @Transform(toInteger)
  @Min(0)
  @IsInt()
  EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR = 5;

  @EnvVar({
    type: 'string',
    secret: true,
    description:
      'OpenID Providers for "sign in with …", a JSON array of {key, issuer, clientId, clientSecret, scopes}: key names the provider in /v1/auth/oidc/{key}/…; issuer must be https:// (http:// only on a loopback address); scopes default to ["openid","email","profile"]. Register <PUBLIC_URL>/v1/auth/oidc/<key>/callback as the redirect URI at each provider. Unset: no OIDC sign-in.',
  })
  @IsOptional()
  @IsOidcProviders()
  OIDC_PROVIDERS?: string;

  @EnvVar({
    type: 'list',
    description:
      'Where an OIDC sign-in may send the browser back (the redirectUri of /v1/auth/oidc/{provider}/start): comma-separated URLs; a redirectUri matches one with the same origin and path (a query of its own is kept). Anything else is 400 REDIRECT_NOT_ALLOWED.',
  })
  @Transform(toList)
  @IsRedirectAllowlist()
  OIDC_REDIRECT_ALLOWLIST: string[] = [];
}
