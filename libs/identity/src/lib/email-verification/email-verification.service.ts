import { Injectable, Logger } from '@nestjs/common';
import { GlobalTables, isUniqueViolation } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Mailer, MailMessage } from '@keel/platform-mail';
import { emailChangedNotice } from '../account/account-mails';
import { AuditLog } from '../audit/audit-log.service';
import { mailRecipientLimit } from '../rate-limits/mail-recipient-limit';
import { RateLimits } from '../rate-limits/rate-limits.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { MailLinks } from '../mail-links/mail-links';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { verificationMail } from './verification-mail';
import { IdentityConfig } from '../identity-config';

type FollowedLink =
  { kind: 'verified'; userId: string } | { kind: 'changed'; userId: string; email: string; previous: User };

function emailTaken(): DomainError {
  return new DomainError('EMAIL_TAKEN', 'Another account uses this address now; the email was not changed.');
}

/** Proves a user receives mail at their address: a single-use link, mailed, then followed. */
@Injectable()
export class EmailVerificationService {
  private readonly logger = new Logger(EmailVerificationService.name);

  constructor(
    private readonly globalTables: GlobalTables,
    private readonly tokens: UserTokens,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly config: IdentityConfig,
    private readonly audit: AuditLog,
    private readonly limits: RateLimits,
    private readonly links: MailLinks,
  ) {}

  /**
   * Issues a verification token (earlier ones die) and mails its link. The
   * token is committed before the mail leaves, so the link works as soon as it
   * arrives. Rejects when the mail could not be handed over; the token then
   * simply expires unused. Past MAILS_PER_RECIPIENT_PER_HOUR nothing is sent.
   */
  async send(user: User): Promise<void> {
    if (!(await this.limits.tryConsume([mailRecipientLimit(user.email, this.config.MAILS_PER_RECIPIENT_PER_HOUR)]))) {
      return;
    }
    const token = await this.tokens.issue(user.id, 'email_verification');
    await this.mailer.send(verificationMail(user, this.links.to('verify-email', token)));
  }

  /**
   * Spends the token and marks its user's address verified; 400 TOKEN_INVALID
   * for an unknown, used or expired one. The same link confirms an email
   * change (the page and the route are one): the account moves to the address
   * the token was mailed to, which the click proves, links mailed to the old
   * address die, and the old address is told. 409 EMAIL_TAKEN when another
   * account took the address meanwhile (only the holder of that inbox can
   * see this, so it tells nobody else who has an account).
   */
  async verify(token: string): Promise<void> {
    let followed: FollowedLink;
    try {
      followed = await this.globalTables.runUnscoped(() => this.follow(token));
    } catch (error) {
      // Two changes to one free address confirmed at once: the unique key decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    if (followed.kind === 'verified') {
      await this.audit.recordForAccount({
        action: 'auth.email_verified',
        subjectUserId: followed.userId,
        actorUserId: followed.userId,
      });
      return;
    }
    await this.audit.recordForAccount({
      action: 'account.email_changed',
      subjectUserId: followed.userId,
      actorUserId: followed.userId,
    });
    await this.tell(emailChangedNotice(followed.previous, followed.email), followed.userId);
  }

  private async follow(token: string): Promise<FollowedLink> {
    const spent = await this.tokens.consumeAny(token, ['email_verification', 'email_change']);
    if (spent.purpose !== 'email_change' || spent.email === null) {
      await this.users.markEmailVerified(spent.userId);
      return { kind: 'verified', userId: spent.userId };
    }
    const previous = await this.users.lock(spent.userId);
    // Tokens die with their user (ON DELETE CASCADE): a spent token always has one.
    if (!previous) throw new DomainError('TOKEN_INVALID', 'This link is unknown, already used or expired.');
    const holder = await this.users.findByEmail(spent.email);
    if (holder && holder.id !== spent.userId) throw emailTaken();
    await this.users.changeEmail(spent.userId, spent.email);
    // Links mailed to the old address, or for another change, must not act on the account now.
    for (const purpose of ['email_verification', 'password_reset', 'email_change'] as const) {
      await this.tokens.revokeUnused(spent.userId, purpose);
    }
    return { kind: 'changed', userId: spent.userId, email: spent.email, previous };
  }

  /** A notice nobody waits for: past MAILS_PER_RECIPIENT_PER_HOUR, or with the mail server away, it is logged and dropped. */
  private async tell(mail: MailMessage, userId: string): Promise<void> {
    if (!(await this.limits.tryConsume([mailRecipientLimit(mail.to, this.config.MAILS_PER_RECIPIENT_PER_HOUR)]))) {
      return;
    }
    await this.mailer
      .send(mail)
      .catch((error: unknown) => this.logger.warn({ err: error, userId, msg: 'account notice not sent' }));
  }

  /** Mails a fresh link, which kills the earlier ones; an address already verified, or mailed within LINK_MAIL_INTERVAL_SECONDS, gets no mail. */
  async resend(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.emailVerifiedAt !== null) return;
    // The mail sent moments ago (at sign-up, or by the last resend) is still the one to wait for.
    if (await this.tokens.issuedWithin(user.id, 'email_verification', this.config.LINK_MAIL_INTERVAL_SECONDS)) return;
    await this.send(user);
  }
}
