import { Injectable, OnModuleInit } from '@nestjs/common';
import { SecretBox, sha256Hex } from '@keel/platform-crypto';
import { GlobalTables, isUniqueViolation, newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { AuditLog } from '../audit/audit-log.service';
import { AuthService } from '../auth/auth.service';
import { TokenPairResponse } from '../auth/dto/token-pair.response';
import { IdentityConfig } from '../identity-config';
import { MfaChallengeResponse } from '../mfa/dto/mfa-challenge.response';
import { MfaService } from '../mfa/mfa.service';
import { FEDERATED } from '../sessions/assurance';
import { emailKey, trimEmail } from '../users/email-address';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { USER_TOKEN_LIFETIME_SECONDS } from '../user-tokens/user-token-purpose';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { OidcAuthorizationRequest } from './oidc-authorization-request.entity';
import { OidcClaims, OidcClients } from './oidc-clients';
import { oidcRequestSealingContext } from './oidc-request-sealing';
import { allowedRedirect } from './redirect-allowlist';
import { UserIdentities } from './user-identities.service';

/** How long a browser may spend at the provider between start and callback. */
export const OIDC_REQUEST_LIFETIME_SECONDS = 600;

/** The longest account name Keel keeps (as sign-up). */
const NAME_MAX_LENGTH = 200;

/**
 * "Sign in with …": start sends the browser to the provider, the callback
 * checks what comes back and finds (or links, or makes) the account, and the
 * client trades the single-use code it was redirected with for a session —
 * the same session and refresh-token model, and the same MFA step, as a
 * password sign-in.
 */
@Injectable()
export class OidcSignIn implements OnModuleInit {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly clients: OidcClients,
    private readonly secretBox: SecretBox,
    private readonly config: IdentityConfig,
    private readonly users: UsersService,
    private readonly identities: UserIdentities,
    private readonly userTokens: UserTokens,
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
    private readonly expiring: ExpiringTables,
  ) {}

  onModuleInit(): void {
    this.expiring.register({ table: 'oidc_authorization_requests', expiresAtColumn: 'expires_at' });
  }

  /**
   * The provider's authorization URL for a new sign-in, its state, nonce and
   * PKCE verifier kept server-side for OIDC_REQUEST_LIFETIME_SECONDS. 404 for
   * an unknown provider, 400 REDIRECT_NOT_ALLOWED for a redirectUri off the allow-list.
   */
  async start(providerKey: string, redirectUri: string): Promise<string> {
    const provider = this.clients.provider(providerKey);
    allowedRedirect(redirectUri, this.config.OIDC_REDIRECT_ALLOWLIST);
    const checks = this.clients.newChecks();
    const authorizationUrl = await this.clients.authorizationUrl(provider, checks);
    const id = newId();
    const secrets = JSON.stringify({ nonce: checks.nonce, codeVerifier: checks.codeVerifier });
    await this.globalTables.manager.query(
      `INSERT INTO oidc_authorization_requests (id, provider, state_hash, secrets_sealed, redirect_uri, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [
        id,
        provider.key,
        sha256Hex(checks.state),
        this.secretBox.seal(secrets, oidcRequestSealingContext(id)),
        redirectUri,
        OIDC_REQUEST_LIFETIME_SECONDS,
      ],
    );
    return authorizationUrl.href;
  }

  /**
   * The provider sent the browser back. Spends the state (once, whatever
   * follows), has the code exchanged and the ID token checked, finds the
   * account, and returns where to send the browser: the sign-in's redirectUri
   * with a single-use `code` for POST /v1/auth/oidc/exchange.
   */
  async callback(providerKey: string, query: string): Promise<string> {
    const provider = this.clients.provider(providerKey);
    const state = new URLSearchParams(query).get('state');
    const request = state ? await this.spend(provider.key, state) : undefined;
    if (!state || !request) {
      throw new DomainError(
        'OIDC_STATE_INVALID',
        'This sign-in is unknown, already finished or expired; start again from /v1/auth/oidc/{provider}/start.',
      );
    }
    // Checked again: the allow-list may have shrunk since the sign-in started.
    const redirect = allowedRedirect(request.redirectUri, this.config.OIDC_REDIRECT_ALLOWLIST);
    const secrets = JSON.parse(
      this.secretBox.openText(request.secretsSealed, oidcRequestSealingContext(request.id)),
    ) as {
      nonce: string;
      codeVerifier: string;
    };
    const claims = await this.clients.complete(provider, query, { state, ...secrets });
    const user = await this.accountFor(provider.key, claims);
    if (user.disabledAt) {
      await this.audit.recordForAccount({ action: 'auth.sign_in_refused_disabled', subjectUserId: user.id });
      throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.');
    }
    const code = await this.userTokens.issue(user.id, 'oidc_sign_in');
    await this.audit.recordForAccount({
      action: 'auth.oidc_authenticated',
      subjectUserId: user.id,
      actorUserId: user.id,
      data: { provider: provider.key },
    });
    redirect.searchParams.set('code', code);
    return redirect.href;
  }

  /**
   * Trades the code of the redirect for a session (200), or, when the account
   * has MFA, for an `mfaToken` for POST /v1/auth/mfa/verify (202). 401
   * INVALID_TOKEN for an unknown, used or expired code.
   */
  async exchange(code: string): Promise<TokenPairResponse | MfaChallengeResponse> {
    const outcome = await this.globalTables.runUnscoped(async () => {
      const userId = await this.userTokens.consume(code, 'oidc_sign_in').catch((error: unknown) => {
        throw error instanceof DomainError && error.code === 'TOKEN_INVALID'
          ? new DomainError('INVALID_TOKEN', 'The sign-in code is unknown, used or expired; sign in again.')
          : error;
      });
      const user = await this.users.findById(userId);
      if (!user) throw new DomainError('INVALID_TOKEN', 'The sign-in code is unknown, used or expired; sign in again.');
      if (user.disabledAt) {
        throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.');
      }
      if (await this.mfa.isEnabled(user.id)) {
        const mfaToken = await this.userTokens.issue(user.id, 'oidc_mfa_sign_in');
        const challenge: MfaChallengeResponse = {
          mfaRequired: true,
          mfaToken,
          expiresIn: USER_TOKEN_LIFETIME_SECONDS.oidc_mfa_sign_in,
        };
        return { kind: 'challenge' as const, user, challenge };
      }
      return { kind: 'session' as const, user, pair: await this.auth.startSession(user, FEDERATED()) };
    });
    if (outcome.kind === 'challenge') {
      await this.audit.recordForAccount({
        action: 'auth.mfa_challenged',
        subjectUserId: outcome.user.id,
        actorUserId: outcome.user.id,
        data: { method: 'oidc' },
      });
      return outcome.challenge;
    }
    await this.audit.recordForAccount({
      action: 'auth.signed_in',
      subjectUserId: outcome.user.id,
      actorUserId: outcome.user.id,
      data: { method: 'oidc' },
    });
    return outcome.pair;
  }

  /** Spends the sign-in of this state: of two callbacks with the same state, one finds it. */
  private async spend(provider: string, state: string): Promise<OidcAuthorizationRequest | undefined> {
    const [rows]: [{ id: string; secrets_sealed: string; redirect_uri: string }[], number] =
      await this.globalTables.manager.query(
        `UPDATE oidc_authorization_requests SET used_at = now()
          WHERE state_hash = $1 AND provider = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING id, secrets_sealed, redirect_uri`,
        [sha256Hex(state), provider],
      );
    const [row] = rows;
    if (!row) return undefined;
    return {
      id: row.id,
      provider,
      stateHash: sha256Hex(state),
      secretsSealed: row.secrets_sealed,
      redirectUri: row.redirect_uri,
      expiresAt: new Date(),
      usedAt: new Date(),
      createdAt: new Date(),
    };
  }

  /**
   * The account a provider subject signs in: the one it is linked to; else
   * the one with the same email, linked now when the provider says the email
   * is verified and so does Keel; else a new account with that (verified)
   * address. 409 ACCOUNT_LINK_REQUIRED, saying what to do, when the provider
   * does not vouch for the address (the same answer whether or not an account
   * has it) or the Keel account's address is not verified.
   */
  private async accountFor(provider: string, claims: OidcClaims): Promise<User> {
    let outcome: { user: User; created: boolean; linked: boolean };
    try {
      outcome = await this.globalTables.runUnscoped(async () => {
        const identity = await this.identities.touch(provider, claims.subject, claims.email);
        if (identity) {
          const user = await this.users.findById(identity.userId);
          if (user) return { user, created: false, linked: false };
        }
        // Whether an account has the address is told only to someone the provider vouches owns it.
        if (!claims.email || !claims.emailVerified) throw unverifiedAtProvider(provider);
        const existing = await this.users.findByEmail(claims.email);
        if (existing) {
          if (!existing.emailVerifiedAt) throw unverifiedInKeel(provider);
          await this.identities.link(existing.id, provider, claims.subject, claims.email);
          return { user: existing, created: false, linked: true };
        }
        const user: User = {
          id: newId(),
          email: trimEmail(claims.email),
          emailKey: emailKey(claims.email),
          name: nameOf(claims),
          passwordHash: null,
          emailVerifiedAt: new Date(),
          disabledAt: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        };
        await this.globalTables.manager.getRepository(User).insert(user);
        await this.identities.link(user.id, provider, claims.subject, claims.email);
        return { user, created: true, linked: true };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'CONFLICT',
          'Another sign-in made or linked this account at the same moment; sign in again.',
        );
      }
      throw error;
    }
    const { user, created, linked } = outcome;
    if (created) {
      await this.audit.recordForAccount({
        action: 'auth.signed_up',
        subjectUserId: user.id,
        actorUserId: user.id,
        data: { provider },
      });
    }
    if (linked) {
      await this.audit.recordForAccount({
        action: 'identity.linked',
        subjectUserId: user.id,
        actorUserId: user.id,
        data: { provider },
      });
    }
    return user;
  }
}

function unverifiedAtProvider(provider: string): DomainError {
  return new DomainError(
    'ACCOUNT_LINK_REQUIRED',
    `The provider "${provider}" did not give a verified email address, so this sign-in can neither be linked to a Keel account nor make one: verify the address at the provider (and let Keel read it: the email scope) and sign in again, or sign in with your password.`,
    { extensions: { provider, reason: 'email_not_verified_by_provider' } },
  );
}

function unverifiedInKeel(provider: string): DomainError {
  return new DomainError(
    'ACCOUNT_LINK_REQUIRED',
    `A Keel account has this email, but its address is not verified in Keel, so it cannot be linked: sign in with your password, verify the address (the link mailed to it; POST /v1/auth/email/verify/resend sends another), then sign in with "${provider}" again.`,
    { extensions: { provider, reason: 'email_not_verified_in_keel' } },
  );
}

function nameOf(claims: OidcClaims): string {
  const name = claims.name?.trim() || (claims.email ?? '').split('@')[0] || 'New user';
  return name.slice(0, NAME_MAX_LENGTH);
}
