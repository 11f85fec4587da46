import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { AccountErasure, PasswordConfirmation } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ApiKeyRevocations } from '../api-keys/api-key-revocations';
import { MembershipsService } from '../memberships/memberships.service';
import { AccountMembership, AccountMemberships } from './account-memberships';

const OWNER = 'owner';

/**
 * `DELETE /v1/me`: a person closes their account. Refused (409 LAST_OWNER,
 * naming the workspaces) while a workspace would be left without an owner.
 * Otherwise, workspace by workspace in its own tenant transaction, the API
 * keys they made are revoked and they leave (each with its audit rows and
 * its `api_key.revoked` and `member.removed` events, as if done by hand);
 * then identity erases the account (AccountErasure).
 *
 * The workspaces are separate transactions (a tenant transaction names one
 * workspace), so a failure half way leaves the account open with fewer
 * workspaces; asking again finishes the job.
 */
@Injectable()
export class AccountDeletion {
  constructor(
    private readonly confirmation: PasswordConfirmation,
    private readonly accountMemberships: AccountMemberships,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly memberships: MembershipsService,
    private readonly revocations: ApiKeyRevocations,
    private readonly erasure: AccountErasure,
  ) {}

  async delete(userId: string, password: string): Promise<void> {
    const user = await this.confirmation.confirm(userId, password, {
      failedAction: 'account.deletion_failed',
      field: 'password',
    });
    const memberships = await this.accountMemberships.list(userId);
    await this.assertNoWorkspaceLeftWithoutOwner(userId, memberships);
    let apiKeysRevoked = 0;
    for (const membership of memberships) {
      await this.tenants.runInTenantTransaction(membership.workspaceId, async () => {
        apiKeysRevoked += await this.revocations.revokeMadeBy(membership.workspaceId, userId);
        // Locks the owners again: an owner who stepped down meanwhile makes this LAST_OWNER, before anything of this workspace changed.
        await this.memberships.remove(membership.workspaceId, userId, true);
      });
    }
    await this.erasure.erase(user, { workspacesLeft: memberships.length, apiKeysRevoked });
  }

  /** Every workspace the account is the only owner of, named at once, so one answer says all there is to do. */
  private async assertNoWorkspaceLeftWithoutOwner(userId: string, memberships: AccountMembership[]): Promise<void> {
    const soleOwned: { id: string; name: string }[] = [];
    for (const membership of memberships.filter((each) => each.role === OWNER)) {
      const [{ others }]: { others: number }[] = await this.tenants.runInTenantTransaction(membership.workspaceId, () =>
        this.txHost.tx.query(
          `SELECT count(*)::int AS others FROM memberships WHERE workspace_id = $1 AND role_key = $2 AND user_id <> $3`,
          [membership.workspaceId, OWNER, userId],
        ),
      );
      if (others === 0) soleOwned.push({ id: membership.workspaceId, name: membership.workspaceName });
    }
    if (soleOwned.length > 0) {
      throw new DomainError(
        'LAST_OWNER',
        `You are the only owner of ${soleOwned.map((workspace) => `"${workspace.name}"`).join(', ')}: make someone else owner, or delete the workspace, before deleting your account.`,
        { extensions: { workspaces: soleOwned } },
      );
    }
  }
}
