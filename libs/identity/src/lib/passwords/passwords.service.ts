import { Injectable } from '@nestjs/common';
import { PasswordHasher, PasswordPolicy } from '@keel/platform-crypto';
import { GlobalTables } from '@keel/platform-database';
import { Mailer } from '@keel/platform-mail';
import { PasswordConfirmation } from '../account/password-confirmation';
import { AuditLog } from '../audit/audit-log.service';
import { mailRecipientLimit } from '../rate-limits/mail-recipient-limit';
import { RateLimits } from '../rate-limits/rate-limits.service';
import { UserActor } from '../authentication/actor';
import { MailLinks } from '../mail-links/mail-links';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { SessionsService } from '../sessions/sessions.service';
import { SignInThrottle } from '../sign-in-throttle/sign-in-throttle.service';
import { assertAcceptablePassword } from '../users/acceptable-password';
import { UsersService } from '../users/users.service';
import { passwordResetMail } from './password-reset-mail';
import { IdentityConfig } from '../identity-config';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** The rules of a password: forgotten (a mailed single-use link), reset through that link, changed while signed in. */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly tokens: UserTokens,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly throttle: SignInThrottle,
    private readonly mailer: Mailer,
    private readonly config: IdentityConfig,
    private readonly audit: AuditLog,
    private readonly limits: RateLimits,
    private readonly links: MailLinks,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  /**
   * Mails a reset link when the address has an account; nothing otherwise.
   * Runs as a job after `POST …/forgot` has answered (PasswordResetRequests),
   * so its work, which differs by whether the account exists, is never timed
   * by the caller. A mail that cannot be handed over throws: the queue tries again.
   * `linkBase` is where the request saw the reset page (MailLinks.base()); by
   * default this process's.
   */
  async forgot(email: string, linkBase?: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    // Anyone may ask for anyone: at most one reset mail per LINK_MAIL_INTERVAL_SECONDS, so nobody can flood an inbox.
    if (await this.tokens.issuedWithin(user.id, 'password_reset', this.config.LINK_MAIL_INTERVAL_SECONDS)) return;
    // Past MAILS_PER_RECIPIENT_PER_HOUR nothing is sent, and nobody is told: the request was answered long ago.
    if (!(await this.limits.tryConsume([mailRecipientLimit(user.email, this.config.MAILS_PER_RECIPIENT_PER_HOUR)]))) {
      return;
    }
    // The token and the mail stand or fall together: a mail server that is away rolls the token back, so the
    // queue's retry is not taken for "mailed a moment ago" by the interval check above and does send the link.
    await this.globalTables.runUnscoped(async () => {
      const token = await this.tokens.issue(user.id, 'password_reset');
      await this.mailer.send(passwordResetMail(user, this.links.to('reset-password', token, linkBase)));
    });
  }

  /**
   * Sets a new password through a mailed token. The password, the spent token
   * and the end of every session commit together, so a stolen session does not
   * survive the reset. Following the mailed link also proves the address.
   */
  async reset(token: string, password: string): Promise<void> {
    // Checked and hashed before the token is spent: a refused password leaves the link usable,
    // and the slow hash runs outside the transaction.
    assertAcceptablePassword(this.policy, password);
    const passwordHash = await this.hasher.hash(password);
    const { userId, email, revokedSessionIds } = await this.globalTables.runUnscoped(async () => {
      const owner = await this.tokens.consume(token, 'password_reset');
      await this.users.setPasswordHash(owner, passwordHash);
      await this.users.markEmailVerified(owner);
      const revoked = await this.sessions.revokeAllOfUser(owner, 'password_reset');
      const user = await this.users.findById(owner);
      return { userId: owner, email: user?.email, revokedSessionIds: revoked };
    });
    // A lock run up by someone guessing the old password must not keep the owner out with the new one.
    if (email !== undefined) await this.throttle.recordSuccess({ email });
    await this.audit.recordForAccount({
      action: 'auth.password_reset',
      subjectUserId: userId,
      actorUserId: userId,
      data: { revokedSessions: revokedSessionIds.length },
    });
  }

  /**
   * Changes the caller's password; every other session ends, the caller's own
   * stays. A wrong current password is 403 PASSWORD_INCORRECT and counts as a
   * failed sign-in, so a stolen access token cannot be used to guess the
   * password without the sign-in throttle (429 TOO_MANY_ATTEMPTS).
   */
  async change(caller: Pick<UserActor, 'userId' | 'sessionId'>, change: PasswordChange): Promise<void> {
    assertAcceptablePassword(this.policy, change.newPassword, 'newPassword');
    const user = await this.confirmation.confirm(caller.userId, change.currentPassword, {
      failedAction: 'auth.password_change_failed',
      field: 'currentPassword',
    });
    const passwordHash = await this.hasher.hash(change.newPassword);
    const revokedSessionIds = await this.globalTables.runUnscoped(async () => {
      await this.users.setPasswordHash(user.id, passwordHash);
      // A reset link mailed before the change must not undo it.
      await this.tokens.revokeUnused(user.id, 'password_reset');
      return this.sessions.revokeAllOfUser(user.id, 'password_changed', caller.sessionId);
    });
    await this.audit.recordForAccount({
      action: 'auth.password_changed',
      subjectUserId: user.id,
      actorUserId: user.id,
      data: { revokedSessions: revokedSessionIds.length },
    });
  }
}
