import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@keel/platform-context';
import { PasswordHasher, PasswordPolicy, randomToken } from '@keel/platform-crypto';
import { GlobalTables, isUniqueViolation, newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AccessTokens } from '../access-tokens/access-tokens.service';
import { AuditLog } from '../audit/audit-log.service';
import { IdentityConfig } from '../identity-config';
import { HOUR_SECONDS, RateLimits } from '../rate-limits/rate-limits.service';
import { SessionsService } from '../sessions/sessions.service';
import { SignInThrottle } from '../sign-in-throttle/sign-in-throttle.service';
import { assertAcceptablePassword } from '../users/acceptable-password';
import { emailKey, trimEmail } from '../users/email-address';
import { User } from '../users/user.entity';
import { UserResponse } from '../users/user.response';
import { UsersService } from '../users/users.service';
import { EmailVerificationService } from '../email-verification/email-verification.service';
import { IssuedAccessToken } from '../access-tokens/access-tokens.service';
import { MfaService } from '../mfa/mfa.service';
import { MfaMethod, MfaProof } from '../mfa/mfa-proof';
import { MfaChallengeResponse } from '../mfa/dto/mfa-challenge.response';
import { PasswordConfirmation } from '../account/password-confirmation';
import { Assurance, PASSWORD_ONLY } from '../sessions/assurance';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { USER_TOKEN_LIFETIME_SECONDS } from '../user-tokens/user-token-purpose';
import { SignInDto } from './dto/sign-in.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { TokenPairResponse } from './dto/token-pair.response';

/** Sign-up, sign-in, refresh and sign-out: everything that creates or ends a session. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private dummyHash?: Promise<string>;

  constructor(
    private readonly globalTables: GlobalTables,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokens,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly request: RequestContext,
    private readonly emailVerification: EmailVerificationService,
    private readonly limits: RateLimits,
    private readonly config: IdentityConfig,
    private readonly mfa: MfaService,
    private readonly userTokens: UserTokens,
    private readonly passwordConfirmation: PasswordConfirmation,
  ) {}

  /** 429 RATE_LIMITED past SIGN_UPS_PER_ADDRESS_PER_HOUR from the client's address, counted before anything else (a refused one too). */
  async signUp(dto: SignUpDto): Promise<TokenPairResponse> {
    const address = this.request.clientAddress;
    if (address) {
      await this.limits.consume([
        {
          key: `signup:address:${address}`,
          limit: this.config.SIGN_UPS_PER_ADDRESS_PER_HOUR,
          windowSeconds: HOUR_SECONDS,
          counts: 'sign-ups from this address per hour',
        },
      ]);
    }
    assertAcceptablePassword(this.policy, dto.password);
    if (await this.users.findByEmail(dto.email)) throw emailTaken();
    const passwordHash = await this.hasher.hash(dto.password);
    const user: User = {
      id: newId(),
      email: trimEmail(dto.email),
      emailKey: emailKey(dto.email),
      name: dto.name,
      passwordHash,
      emailVerifiedAt: null,
      disabledAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    let pair: TokenPairResponse;
    try {
      pair = await this.globalTables.runUnscoped(async () => {
        await this.globalTables.manager.getRepository(User).insert(user);
        return this.startSession(user);
      });
    } catch (error) {
      // Two sign-ups for one address at once: the unique key decides, the loser hears EMAIL_TAKEN.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    await this.audit.recordForAccount({ action: 'auth.signed_up', subjectUserId: user.id, actorUserId: user.id });
    // The account exists now: a mail server that is down must not turn that into an error; resend exists.
    await this.emailVerification
      .send(user)
      .catch((error: unknown) => this.logger.warn({ err: error, userId: user.id, msg: 'verification mail not sent' }));
    return pair;
  }

  /**
   * Unknown email and wrong password take the same path (a hash is verified
   * either way) and get the same answer, so neither the body nor the time
   * tells whether an account exists. With MFA on, the right password only
   * earns a single-use token for the second step (POST /v1/auth/mfa/verify).
   */
  async signIn(dto: SignInDto): Promise<TokenPairResponse | MfaChallengeResponse> {
    const subject = { email: dto.email, clientAddress: this.request.clientAddress };
    await this.throttle.admit(subject);
    const user = await this.users.findByEmail(dto.email);
    const matches = await this.hasher.verify(user?.passwordHash ?? (await this.hashOfNothing()), dto.password);
    if (!user || !matches) {
      await this.audit.recordForAccount({ action: 'auth.sign_in_failed', subjectUserId: user?.id });
      throw new DomainError('INVALID_CREDENTIALS', 'The email or the password is wrong.');
    }
    await this.throttle.recordSuccess(subject);
    if (user.disabledAt) {
      // Told only to someone who knows the password: a guesser learns nothing about the account.
      await this.audit.recordForAccount({ action: 'auth.sign_in_refused_disabled', subjectUserId: user.id });
      throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.');
    }
    if (user.passwordHash && this.hasher.needsRehash(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    if (await this.mfa.isEnabled(user.id)) {
      const mfaToken = await this.userTokens.issue(user.id, 'mfa_sign_in');
      await this.audit.recordForAccount({
        action: 'auth.mfa_challenged',
        subjectUserId: user.id,
        actorUserId: user.id,
      });
      return { mfaRequired: true, mfaToken, expiresIn: USER_TOKEN_LIFETIME_SECONDS.mfa_sign_in };
    }
    const pair = await this.globalTables.runUnscoped(() => this.startSession(user));
    await this.audit.recordForAccount({ action: 'auth.signed_in', subjectUserId: user.id, actorUserId: user.id });
    return pair;
  }

  /**
   * The second step of a sign-in with MFA on. A wrong code leaves the token
   * usable (the throttle limits guessing); a right one spends it and opens an
   * `aal2` session. 401 INVALID_TOKEN for an unknown, used or expired token.
   */
  async verifyMfa(mfaToken: string, proof: MfaProof): Promise<TokenPairResponse> {
    const invalid = new DomainError('INVALID_TOKEN', 'The MFA token is unknown, used or expired; sign in again.');
    // A password sign-in's second step, or an OpenID Provider sign-in's: the purpose says which came first.
    const held = await this.userTokens.liveToken(mfaToken, ['mfa_sign_in', 'oidc_mfa_sign_in']);
    const user = held ? await this.users.findById(held.userId) : null;
    if (!held || !user) throw invalid;
    if (user.disabledAt)
      throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.');
    const method = await this.mfa.verify(user, proof, 'auth.mfa_failed');
    const pair = await this.globalTables.runUnscoped(async () => {
      // Spent in the transaction that opens the session: of two right answers at once, one session.
      // Only "no such live token" means the token is bad; anything else (the database away) is not the client's fault.
      await this.userTokens.consume(mfaToken, held.purpose).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === 'TOKEN_INVALID' ? invalid : error;
      });
      return this.startSession(
        user,
        secondFactorAssurance(method, held.purpose === 'oidc_mfa_sign_in' ? 'fed' : 'pwd'),
      );
    });
    await this.audit.recordForAccount({
      action: 'auth.signed_in',
      subjectUserId: user.id,
      actorUserId: user.id,
      data: { mfa: method },
    });
    return pair;
  }

  /**
   * A fresh proof for the current session before a sensitive action: a code
   * (or a recovery code) when the account has MFA, raising the session to
   * `aal2`; the password otherwise. Returns an access token carrying it.
   */
  async stepUp(
    userId: string,
    sessionId: string,
    proof: MfaProof & { password?: string },
  ): Promise<IssuedAccessToken & { aal: 'aal1' | 'aal2' }> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The account of this session no longer exists.');
    let assurance: Assurance;
    if (await this.mfa.isEnabled(user.id)) {
      if (!proof.code && !proof.recoveryCode) {
        throw new DomainError('VALIDATION_FAILED', 'This account has MFA: send code (or recoveryCode).', {
          errors: [
            { field: 'code', rule: 'required', message: 'code or recoveryCode is required for an account with MFA' },
          ],
        });
      }
      assurance = secondFactorAssurance(await this.mfa.verify(user, proof, 'auth.step_up_failed'), 'pwd');
    } else {
      if (!proof.password) {
        throw new DomainError('VALIDATION_FAILED', 'Send the account password to confirm it is you.', {
          errors: [{ field: 'password', rule: 'required', message: 'password is required' }],
        });
      }
      await this.passwordConfirmation.confirm(user.id, proof.password, {
        failedAction: 'auth.step_up_failed',
        field: 'password',
      });
      assurance = PASSWORD_ONLY();
    }
    if (!(await this.sessions.reassure(user.id, sessionId, assurance))) {
      throw new DomainError('INVALID_TOKEN', 'The session of this access token has ended; sign in again.');
    }
    await this.audit.recordForAccount({
      action: 'auth.stepped_up',
      subjectUserId: user.id,
      target: { type: 'session', id: sessionId },
      data: { aal: assurance.aal },
    });
    const access = await this.accessTokens.issue({ userId: user.id, sessionId, assurance });
    return { ...access, aal: assurance.aal };
  }

  async refresh(refreshToken: string): Promise<TokenPairResponse> {
    const outcome = await this.sessions.rotate(refreshToken);
    if (outcome.kind === 'reused') {
      await this.audit.recordForAccount({
        action: 'auth.refresh_token_reused',
        subjectUserId: outcome.session.userId,
        target: { type: 'session', id: outcome.session.id },
        data: { reason: 'refresh_token_reused' },
      });
      throw new DomainError(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used. Every session of its family has been revoked; sign in again.',
      );
    }
    const { issued } = outcome;
    const user = await this.users.findById(issued.session.userId);
    if (!user) throw new DomainError('INVALID_TOKEN', 'The refresh token is unknown, expired or revoked.');
    if (user.disabledAt)
      throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled by the platform operators.');
    const { session } = issued;
    const access = await this.accessTokens.issue({
      userId: user.id,
      sessionId: session.id,
      assurance: { aal: session.aal, amr: session.amr, authenticatedAt: session.authenticatedAt },
    });
    return { user: UserResponse.of(user), refreshToken: issued.refreshToken, ...access };
  }

  async signOut(userId: string, sessionId: string): Promise<void> {
    await this.sessions.revokeOwn(userId, sessionId, 'logout');
    await this.audit.recordForAccount({
      action: 'session.revoked',
      subjectUserId: userId,
      target: { type: 'session', id: sessionId },
      data: { reason: 'logout' },
    });
  }

  /** Opens a session for a user who has just proved who they are. */
  async startSession(user: User, assurance: Assurance = PASSWORD_ONLY()): Promise<TokenPairResponse> {
    const { session, refreshToken } = await this.sessions.create(user.id, assurance);
    const access = await this.accessTokens.issue({ userId: user.id, sessionId: session.id, assurance });
    return { user: UserResponse.of(user), refreshToken, ...access };
  }

  private hashOfNothing(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomToken());
    return this.dummyHash;
  }
}

/**
 * A first factor (a password, `pwd`, or an OpenID Provider, `fed`) and a second: `aal2`; RFC 8176 has `otp` for an
 * authenticator code, none for a recovery code.
 */
function secondFactorAssurance(method: MfaMethod, first: 'pwd' | 'fed'): Assurance {
  return { aal: 'aal2', amr: method === 'otp' ? [first, 'otp', 'mfa'] : [first, 'mfa'], authenticatedAt: new Date() };
}

function emailTaken(): DomainError {
  return new DomainError('EMAIL_TAKEN', 'An account with this email already exists; sign in instead.');
}
