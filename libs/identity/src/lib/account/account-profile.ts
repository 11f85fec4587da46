import { Injectable } from '@nestjs/common';
import { GlobalTables } from '@keel/platform-database';
import { AuditLog } from '../audit/audit-log.service';
import { UsersService } from '../users/users.service';

/** What a person changes of their own account without proving anything again: their name. */
@Injectable()
export class AccountProfile {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  /** Renames the account; the same name again changes and records nothing. */
  async rename(userId: string, name: string): Promise<void> {
    const renamed = await this.globalTables.runUnscoped(async () => {
      const user = await this.users.lock(userId);
      if (!user || user.name === name) return false;
      await this.users.rename(userId, name);
      return true;
    });
    // Neither name is written into the trail: it outlives the account (docs/security.md).
    if (renamed) {
      await this.audit.recordForAccount({ action: 'account.name_changed', subjectUserId: userId, actorUserId: userId });
    }
  }
}
