import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { GlobalTables, runUnscoped } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Mailer } from '@keel/platform-mail';
import { JobQueue } from '@keel/platform-queue';
import { AuditLog } from '../audit/audit-log.service';
import { IdentityConfig } from '../identity-config';
import { MailLinks } from '../mail-links/mail-links';
import { mailRecipientLimit } from '../rate-limits/mail-recipient-limit';
import { HOUR_SECONDS, RateLimits } from '../rate-limits/rate-limits.service';
import { UserTokens } from '../user-tokens/user-tokens.service';
import { emailKey, trimEmail } from '../users/email-address';
import { UsersService } from '../users/users.service';
import { emailChangeMail, emailInUseMail } from './account-mails';
import { PasswordConfirmation } from './password-confirmation';

export const EMAIL_CHANGE_MAIL_QUEUE = 'identity.email-change-mail';

interface EmailChangeMailJob {
  userId: string;
  email: string;
  /** The base of the link as the requesting process saw it (MailLinks.base): a worker does not listen where the pages are. */
  linkBase?: string;
}

/** A mail server that is away is tried again for about a quarter of an hour, as for reset links. */
const QUEUE_SETTINGS: Omit<PgBoss.Queue, 'name'> = {
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 120,
};

/**
 * `POST /v1/me/email`: a signed-in person asks to move their account to
 * another address. The address changes only when the link mailed to it is
 * followed (`POST /v1/auth/email/verify`, EmailVerificationService), which
 * proves the new inbox is theirs; the old address is then told.
 *
 * Whether the new address already has an account is never part of the
 * answer (202 either way, in the same time): the lookup, the token and the
 * mail happen in a job after it. An address in use gets a mail saying so
 * instead of a link, so only its owner learns someone tried.
 */
@Injectable()
export class EmailChangeRequests implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmailChangeRequests.name);

  constructor(
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly globalTables: GlobalTables,
    private readonly confirmation: PasswordConfirmation,
    private readonly users: UsersService,
    private readonly tokens: UserTokens,
    private readonly mailer: Mailer,
    private readonly limits: RateLimits,
    private readonly audit: AuditLog,
    private readonly config: IdentityConfig,
    private readonly links: MailLinks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.declareQueue(EMAIL_CHANGE_MAIL_QUEUE, QUEUE_SETTINGS);
    if (!this.queue.runsWorkers) return;
    await this.queue.workEach<EmailChangeMailJob>(EMAIL_CHANGE_MAIL_QUEUE, { pollingIntervalSeconds: 2 }, (job) =>
      this.mail(job.data).catch((error: unknown) => {
        this.logger.warn({
          jobId: job.id,
          err: { message: error instanceof Error ? error.message : String(error) },
          msg: 'email change mail not sent; the queue tries again',
        });
        throw error;
      }),
    );
  }

  /**
   * Checks the password (403 PASSWORD_INCORRECT, counted like a failed
   * sign-in), refuses the address the account has already (422), counts
   * EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR and MAILS_PER_RECIPIENT_PER_HOUR
   * (429 RATE_LIMITED), and queues the mail.
   */
  async request(userId: string, email: string, password: string): Promise<void> {
    const user = await this.confirmation.confirm(userId, password, {
      failedAction: 'account.email_change_failed',
      field: 'password',
    });
    if (emailKey(email) === user.emailKey) {
      throw new DomainError('VALIDATION_FAILED', 'This is the address the account has already.', {
        errors: [{ field: 'email', rule: 'newAddress', message: 'email must differ from the current address' }],
      });
    }
    await this.limits.consume([
      {
        key: `email-change:user:${user.id}`,
        limit: this.config.EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR,
        windowSeconds: HOUR_SECONDS,
        counts: 'email changes of this account per hour',
      },
      mailRecipientLimit(email, this.config.MAILS_PER_RECIPIENT_PER_HOUR),
    ]);
    await runUnscoped(this.dataSource, (manager) =>
      this.queue.sendInTransaction(manager, EMAIL_CHANGE_MAIL_QUEUE, {
        userId: user.id,
        email: trimEmail(email),
        linkBase: this.links.base(),
      } satisfies EmailChangeMailJob),
    );
    // The addresses stay out of the trail: it outlives the account (docs/security.md).
    await this.audit.recordForAccount({
      action: 'account.email_change_requested',
      subjectUserId: user.id,
      actorUserId: user.id,
    });
  }

  /** The job: a link to a free address (earlier change links die), a notice to one in use, nothing for a deleted account. */
  private async mail(job: EmailChangeMailJob): Promise<void> {
    const user = await this.users.findById(job.userId);
    if (!user || emailKey(job.email) === user.emailKey) return;
    const holder = await this.users.findByEmail(job.email);
    if (holder) {
      await this.mailer.send(emailInUseMail(job.email));
      return;
    }
    // Token and mail stand or fall together, so a retry after the mail server was away mails a live link.
    await this.globalTables.runUnscoped(async () => {
      const token = await this.tokens.issue(user.id, 'email_change', job.email);
      await this.mailer.send(emailChangeMail(user, job.email, this.links.to('verify-email', token, job.linkBase)));
    });
  }
}
