import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';

export interface AccountMembership {
  workspaceId: string;
  workspaceName: string;
  role: string;
  joinedAt: Date;
}

/**
 * The workspaces an account belongs to, read across tenants the one way row-level
 * security allows it: a restricted transaction whose `app.user_id` lets the
 * memberships policy show the account's own rows (and the workspaces'
 * names), nothing else.
 */
@Injectable()
export class AccountMemberships {
  constructor(
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
  ) {}

  async list(userId: string): Promise<AccountMembership[]> {
    const rows: { workspace_id: string; name: string; role_key: string; created_at: Date }[] =
      await this.tenants.runInRestrictedScope({ user_id: userId }, () =>
        this.txHost.tx.query(
          `SELECT m.workspace_id, w.name, m.role_key, m.created_at FROM memberships m
             JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = $1 ORDER BY w.name, m.workspace_id`,
          [userId],
        ),
      );
    return rows.map((row) => ({
      workspaceId: row.workspace_id,
      workspaceName: row.name,
      role: row.role_key,
      joinedAt: row.created_at,
    }));
  }
}
