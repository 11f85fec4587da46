import { Injectable, Logger } from '@nestjs/common';
import * as openid from 'openid-client';
import { DomainError } from '@keel/platform-errors';
import { IdentityConfig } from '../identity-config';
import { OidcProviderSettings, parseOidcProviders } from './oidc-provider-settings';

/** What Keel keeps of a provider's verified ID token. */
export interface OidcClaims {
  subject: string;
  email: string | null;
  /** Only an explicit `email_verified: true` counts. */
  emailVerified: boolean;
  name: string | null;
}

/** The secrets a sign-in started with, kept server-side until the provider sends the browser back. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Keel as a relying party of each configured OpenID Provider, through
 * `openid-client`: discovery (cached per provider, tried again after a
 * failure), the authorization URL with PKCE S256, state and nonce, and the
 * callback's code exchange, which checks the state, the ID token's issuer,
 * audience, expiry, nonce and — with non-repudiation checks on — its
 * signature against the provider's published keys.
 */
@Injectable()
export class OidcClients {
  private readonly logger = new Logger(OidcClients.name);
  private readonly providers: ReadonlyMap<string, OidcProviderSettings>;
  private readonly configurations = new Map<string, Promise<openid.Configuration>>();

  constructor(private readonly config: IdentityConfig) {
    this.providers = new Map(parseOidcProviders(config.OIDC_PROVIDERS).map((provider) => [provider.key, provider]));
  }

  /** The provider of `key`; 404 NOT_FOUND when OIDC_PROVIDERS has none. */
  provider(key: string): OidcProviderSettings {
    const provider = this.providers.get(key);
    if (!provider) throw new DomainError('NOT_FOUND', `No OpenID Provider "${key}" is configured.`);
    return provider;
  }

  /** Where the provider sends the browser back: <PUBLIC_URL>/v1/auth/oidc/<key>/callback. */
  callbackUrl(provider: OidcProviderSettings): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/v1/auth/oidc/${provider.key}/callback`;
  }

  /** Fresh random state, nonce and PKCE verifier for one sign-in. */
  newChecks(): OidcChecks {
    return { state: openid.randomState(), nonce: openid.randomNonce(), codeVerifier: openid.randomPKCECodeVerifier() };
  }

  /** The provider's authorization endpoint with the request's parameters (code flow, PKCE S256). */
  async authorizationUrl(provider: OidcProviderSettings, checks: OidcChecks): Promise<URL> {
    const configuration = await this.configuration(provider);
    return openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(provider),
      response_type: 'code',
      scope: provider.scopes.join(' '),
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Trades the authorization response (`query`: the callback's query string)
   * for tokens and returns the ID token's claims once every check passed.
   * 401 OIDC_SIGN_IN_FAILED for an answer that fails one (or a provider error
   * such as access_denied); 502 OIDC_PROVIDER_UNAVAILABLE when the provider
   * cannot be reached.
   */
  async complete(provider: OidcProviderSettings, query: string, checks: OidcChecks): Promise<OidcClaims> {
    const configuration = await this.configuration(provider);
    const currentUrl = new URL(`${this.callbackUrl(provider)}?${query}`);
    let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
    try {
      tokens = await openid.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.failure(provider, error);
    }
    const claims = tokens.claims();
    if (!claims) throw new DomainError('OIDC_SIGN_IN_FAILED', 'The provider returned no ID token.');
    return {
      subject: claims.sub,
      email: typeof claims['email'] === 'string' ? claims['email'] : null,
      emailVerified: claims['email_verified'] === true,
      name: typeof claims['name'] === 'string' ? claims['name'] : null,
    };
  }

  private configuration(provider: OidcProviderSettings): Promise<openid.Configuration> {
    let configuration = this.configurations.get(provider.key);
    if (!configuration) {
      const execute = [openid.enableNonRepudiationChecks];
      // Start-up allowed http only on a loopback address.
      if (new URL(provider.issuer).protocol === 'http:') execute.push(openid.allowInsecureRequests);
      configuration = openid
        .discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, { execute })
        .catch((error: unknown) => {
          this.configurations.delete(provider.key);
          this.logger.warn({ err: error, provider: provider.key, msg: 'OIDC discovery failed' });
          throw new DomainError(
            'OIDC_PROVIDER_UNAVAILABLE',
            `The OpenID Provider "${provider.key}" could not be reached; try again later.`,
          );
        });
      this.configurations.set(provider.key, configuration);
    }
    return configuration;
  }

  private failure(provider: OidcProviderSettings, error: unknown): DomainError {
    if (error instanceof openid.AuthorizationResponseError) {
      return new DomainError(
        'OIDC_SIGN_IN_FAILED',
        `The provider "${provider.key}" refused the sign-in (${error.error}); start again.`,
      );
    }
    if (
      error instanceof openid.ClientError ||
      error instanceof openid.ResponseBodyError ||
      error instanceof openid.WWWAuthenticateChallengeError
    ) {
      this.logger.warn({ err: error, provider: provider.key, msg: 'OIDC sign-in answer failed its checks' });
      // openid-client's message is the kind of failure; the check that failed (e.g. the nonce) is in its cause.
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return new DomainError(
        'OIDC_SIGN_IN_FAILED',
        `The answer of the provider "${provider.key}" failed its checks (${error.message}${cause}); start again.`,
      );
    }
    this.logger.warn({ err: error, provider: provider.key, msg: 'OIDC provider unreachable' });
    return new DomainError(
      'OIDC_PROVIDER_UNAVAILABLE',
      `The OpenID Provider "${provider.key}" could not be reached; try again later.`,
    );
  }
}
