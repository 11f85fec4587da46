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
   * tells whether an account exists.
   */
  async signIn(dto: SignInDto): Promise<TokenPairResponse> {
    const subject = { email: dto.email, clientAddress: this.request.clientAddress };
    await this.throttle.admit(subject);
    const user = await this.users.findByEmail(dto.email);
    const matches = await this.hasher.verify(user?.passwordHash ?? (await this.hashOfNothing()), dto.password);
    if (!user || !matches) {
      await this.audit.recordForAccount({ action: 'auth.sign_in_failed', subjectUserId: user?.id });
      throw new DomainError('INVALID_CREDENTIALS', 'The email or the password is wrong.');
    }
    await this.throttle.recordSuccess(subject);
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    const pair = await this.globalTables.runUnscoped(() => this.startSession(user));
    await this.audit.recordForAccount({ action: 'auth.signed_in', subjectUserId: user.id, actorUserId: user.id });
    return pair;
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
    const access = await this.accessTokens.issue({ userId: user.id, sessionId: issued.session.id });
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
  async startSession(user: User): Promise<TokenPairResponse> {
    const { session, refreshToken } = await this.sessions.create(user.id);
    const access = await this.accessTokens.issue({ userId: user.id, sessionId: session.id });
    return { user: UserResponse.of(user), refreshToken, ...access };
  }

  private hashOfNothing(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomToken());
    return this.dummyHash;
  }
}

function emailTaken(): DomainError {
  return new DomainError('EMAIL_TAKEN', 'An account with this email already exists; sign in instead.');
}
