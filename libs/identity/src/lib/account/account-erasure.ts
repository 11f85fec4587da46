import { Injectable, Logger } from '@nestjs/common';
import { GlobalTables } from '@keel/platform-database';
import { Mailer } from '@keel/platform-mail';
import { AuditLog } from '../audit/audit-log.service';
import { IdentityConfig } from '../identity-config';
import { mailRecipientLimit } from '../rate-limits/mail-recipient-limit';
import { RateLimits } from '../rate-limits/rate-limits.service';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { accountDeletedMail } from './account-mails';

export interface ErasedAccount {
  /** Workspaces the account left on the way (tenancy did that part). */
  workspacesLeft: number;
  apiKeysRevoked: number;
}

/**
 * The last step of deleting an account, once it belongs to no workspace:
 * its sessions end at once, and its user row goes, taking its sessions,
 * refresh tokens and mailed tokens with it (ON DELETE CASCADE), its name,
 * address and password hash. What is kept, and why, is in docs/security.md:
 * audit rows keep the account's id as their actor or subject, and nothing else
 * of it is added to them.
 */
@Injectable()
export class AccountErasure {
  private readonly logger = new Logger(AccountErasure.name);

  constructor(
    private readonly globalTables: GlobalTables,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
    private readonly limits: RateLimits,
    private readonly config: IdentityConfig,
  ) {}

  async erase(user: User, summary: ErasedAccount): Promise<void> {
    const revokedSessions = await this.globalTables.runUnscoped(async () => {
      await this.users.lock(user.id);
      // Revoked before the rows go, so this process forgets them at once (SessionStateCache).
      const revoked = await this.sessions.revokeAllOfUser(user.id, 'account_deleted');
      // Stored responses to the account's Idempotency-Keys may carry its data; they would expire within a day.
      await this.globalTables.manager.query('DELETE FROM idempotency_keys WHERE principal = $1', [`user:${user.id}`]);
      await this.users.delete(user.id);
      return revoked;
    });
    await this.audit.recordForAccount({
      action: 'account.deleted',
      subjectUserId: user.id,
      actorUserId: user.id,
      data: { ...summary, revokedSessions: revokedSessions.length },
    });
    // The account is gone whatever the mail server says: a lost confirmation is logged, not an error.
    if (!(await this.limits.tryConsume([mailRecipientLimit(user.email, this.config.MAILS_PER_RECIPIENT_PER_HOUR)]))) {
      return;
    }
    await this.mailer
      .send(accountDeletedMail(user))
      .catch((error: unknown) => this.logger.warn({ err: error, userId: user.id, msg: 'deletion mail not sent' }));
  }
}
