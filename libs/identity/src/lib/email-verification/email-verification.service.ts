import { Injectable } from '@nestjs/common';
import { GlobalTables } from '@keel/platform-database';
import { Mailer } from '@keel/platform-mail';
import { AuditLog } from '../audit/audit-log.service';
import { mailRecipientLimit } from '../rate-limits/mail-recipient-limit';
import { RateLimits } from '../rate-limits/rate-limits.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { MailLinks } from '../mail-links/mail-links';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { verificationMail } from './verification-mail';
import { IdentityConfig } from '../identity-config';

/** Proves a user receives mail at their address: a single-use link, mailed, then followed. */
@Injectable()
export class EmailVerificationService {
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

  /** Spends the token and marks its user's address verified; 400 TOKEN_INVALID for an unknown, used or expired one. */
  async verify(token: string): Promise<void> {
    const userId = await this.globalTables.runUnscoped(async () => {
      const owner = await this.tokens.consume(token, 'email_verification');
      await this.users.markEmailVerified(owner);
      return owner;
    });
    await this.audit.recordForAccount({ action: 'auth.email_verified', subjectUserId: userId, actorUserId: userId });
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
