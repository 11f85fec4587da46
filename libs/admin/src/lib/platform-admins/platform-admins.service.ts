import { Injectable } from '@nestjs/common';
import { UsersService } from '@keel/identity';
import { GlobalTables } from '@keel/platform-database';
import { PlatformAuditLog } from '../platform-audit/platform-audit-log.service';
import { PlatformAdmin } from './platform-admin.entity';

export type AdminRoleChange = 'granted' | 'revoked' | 'unchanged';

/**
 * Who is a platform admin. The role is granted and revoked only here, and
 * only the command line calls these (no route can grant it); each change is
 * written to the platform audit log in the same transaction.
 */
@Injectable()
export class PlatformAdmins {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly users: UsersService,
    private readonly audit: PlatformAuditLog,
  ) {}

  async isAdmin(userId: string): Promise<boolean> {
    return this.globalTables.manager.getRepository(PlatformAdmin).existsBy({ userId });
  }

  /** The ids of every platform admin among `userIds`. */
  async adminsAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.globalTables.manager
      .getRepository(PlatformAdmin)
      .createQueryBuilder('admin')
      .where('admin.user_id IN (:...userIds)', { userIds })
      .getMany();
    return new Set(rows.map((row) => row.userId));
  }

  /** Makes the account of `email` a platform admin; null when no account has that address. */
  grant(email: string, by: string): Promise<{ userId: string; change: AdminRoleChange } | null> {
    return this.globalTables.runUnscoped(async () => {
      const user = await this.users.findByEmail(email);
      if (!user) return null;
      const inserted: unknown[] = await this.globalTables.manager.query(
        `INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
        [user.id, by],
      );
      const change: AdminRoleChange = inserted.length > 0 ? 'granted' : 'unchanged';
      await this.audit.record({
        action: change === 'granted' ? 'platform_admin.granted' : 'platform_admin.grant_unchanged',
        actor: { type: 'cli', id: by },
        target: { type: 'user', id: user.id },
      });
      return { userId: user.id, change };
    });
  }

  /** Takes the role back; null when no account has that address. */
  revoke(email: string, by: string): Promise<{ userId: string; change: AdminRoleChange } | null> {
    return this.globalTables.runUnscoped(async () => {
      const user = await this.users.findByEmail(email);
      if (!user) return null;
      const deleted = await this.globalTables.manager.getRepository(PlatformAdmin).delete({ userId: user.id });
      const change: AdminRoleChange = (deleted.affected ?? 0) > 0 ? 'revoked' : 'unchanged';
      await this.audit.record({
        action: change === 'revoked' ? 'platform_admin.revoked' : 'platform_admin.revoke_unchanged',
        actor: { type: 'cli', id: by },
        target: { type: 'user', id: user.id },
      });
      return { userId: user.id, change };
    });
  }
}
