import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, AuditLog, PasswordConfirmation, UsersService } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Role } from '../roles/role.entity';
import { RolesService } from '../roles/roles.service';
import { MembershipAccessCache } from '../workspace-scope/membership-access-cache.service';
import { memberSnapshot } from '../workspace-events/member-snapshot';
import { MEMBER_REMOVED, MEMBER_ROLE_CHANGED, TENANCY_EVENT_VERSION } from '../workspace-events/tenancy-event-types';
import { WorkspaceEvents } from '../workspace-events/workspace-events';
import { MemberResponse } from './dto/member.response';
import { Membership } from './membership.entity';

const OWNER = 'owner';

function memberNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No member of this workspace has this user id.');
}

/** Members and their roles; every method runs in the workspace's tenant transaction. */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly access: MembershipAccessCache,
    private readonly actors: ActorContext,
    private readonly roles: RolesService,
    private readonly events: WorkspaceEvents,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  private get memberships() {
    return this.txHost.tx.getRepository(Membership);
  }

  async list(workspaceId: string, limit: number, afterUserId?: string): Promise<MemberResponse[]> {
    const query = this.memberships
      .createQueryBuilder('membership')
      .where('membership.workspace_id = :workspaceId', { workspaceId })
      .orderBy('membership.user_id', 'ASC')
      .limit(limit + 1);
    if (afterUserId) query.andWhere('membership.user_id > :afterUserId', { afterUserId });
    const rows = await query.getMany();
    const users = new Map((await this.users.findByIds(rows.map((row) => row.userId))).map((user) => [user.id, user]));
    return rows.flatMap((row) => {
      const user = users.get(row.userId);
      return user
        ? [
            {
              userId: row.userId,
              email: user.email,
              name: user.name,
              role: row.roleKey,
              joinedAt: row.createdAt.toISOString(),
            },
          ]
        : [];
    });
  }

  /**
   * Gives a member another role. Only an owner may grant or take away the
   * owner role; otherwise the caller must hold every permission of the new
   * role and of the member's current one (403 PERMISSION_DENIED naming the
   * first missing); the last owner cannot be demoted (409 LAST_OWNER).
   */
  async changeRole(workspaceId: string, userId: string, roleKey: string): Promise<MemberResponse> {
    const owners = await this.lockOwners(workspaceId);
    const membership = await this.lockMember(workspaceId, userId);
    await this.assertRoleExists(workspaceId, roleKey);
    if ((roleKey === OWNER || membership.roleKey === OWNER) && !this.callerIsAmong(owners)) {
      throw new DomainError(
        'PERMISSION_DENIED',
        'Only an owner can grant or take away the owner role (it needs ownership:transfer).',
        {
          extensions: { permission: 'ownership:transfer' },
        },
      );
    }
    await this.roles.assertMayReassign(workspaceId, membership.roleKey, roleKey);
    if (membership.roleKey === OWNER && roleKey !== OWNER) assertAnotherOwner(owners, userId);
    if (membership.roleKey !== roleKey) {
      await this.memberships.update({ workspaceId, userId }, { roleKey, updatedAt: new Date() });
      await this.audit.recordInWorkspace(workspaceId, {
        action: 'member.role_changed',
        target: { type: 'user', id: userId },
        data: { from: membership.roleKey, to: roleKey },
      });
      await this.publishRoleChange(workspaceId, userId, membership.roleKey, roleKey);
      this.access.evictWorkspace(workspaceId);
    }
    return this.describe({ ...membership, roleKey });
  }

  /**
   * Removes a member, or lets the caller leave; a workspace keeps at least one
   * owner. Removing someone takes their role away, so the remover must hold
   * every permission of it (anyone may leave).
   */
  async remove(workspaceId: string, userId: string, byThemselves: boolean): Promise<void> {
    const owners = await this.lockOwners(workspaceId);
    const membership = await this.lockMember(workspaceId, userId);
    if (membership.roleKey === OWNER) {
      if (!byThemselves && !this.callerIsAmong(owners)) {
        throw new DomainError('PERMISSION_DENIED', 'Only an owner can remove an owner (it needs ownership:transfer).', {
          extensions: { permission: 'ownership:transfer' },
        });
      }
      assertAnotherOwner(owners, userId);
    }
    if (!byThemselves) await this.roles.assertMayTakeAway(workspaceId, membership.roleKey);
    await this.memberships.delete({ workspaceId, userId });
    await this.audit.recordInWorkspace(workspaceId, {
      action: byThemselves ? 'member.left' : 'member.removed',
      target: { type: 'user', id: userId },
      data: { role: membership.roleKey },
    });
    const user = await this.users.findById(userId);
    if (user) {
      await this.events.publish(workspaceId, {
        type: MEMBER_REMOVED,
        version: TENANCY_EVENT_VERSION,
        data: { member: memberSnapshot(user, membership.roleKey), left: byThemselves },
      });
    }
    this.access.evictWorkspace(workspaceId);
  }

  /** The caller hands ownership to another member and becomes an admin, in one transaction. */
  async transferOwnership(workspaceId: string, fromUserId: string, toUserId: string, password: string): Promise<void> {
    // Through the sign-in throttle: a stolen access token must not be a way to guess the owner's password.
    await this.confirmation.confirm(fromUserId, password, {
      failedAction: 'workspace.ownership_transfer_failed',
      field: 'password',
    });
    if (fromUserId === toUserId) {
      throw new DomainError('VALIDATION_FAILED', 'You are the owner already; name another member.', {
        errors: [{ field: 'userId', rule: 'notSelf', message: 'userId must be another member' }],
      });
    }
    await this.lockOwners(workspaceId);
    // Both rows in id order, so two transfers between the same pair cannot deadlock.
    const [first, second] = [fromUserId, toUserId].sort();
    const locked = new Map([
      [first, await this.lockMember(workspaceId, first)],
      [second, await this.lockMember(workspaceId, second)],
    ]);
    const from = locked.get(fromUserId);
    if (!from) throw memberNotFound();
    if (from.roleKey !== OWNER)
      throw new DomainError(
        'PERMISSION_DENIED',
        'Only an owner can transfer ownership (it needs ownership:transfer).',
        {
          extensions: { permission: 'ownership:transfer' },
        },
      );
    const now = new Date();
    await this.memberships.update({ workspaceId, userId: toUserId }, { roleKey: OWNER, updatedAt: now });
    await this.memberships.update({ workspaceId, userId: fromUserId }, { roleKey: 'admin', updatedAt: now });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'ownership.transferred',
      target: { type: 'user', id: toUserId },
      data: { from: fromUserId, to: toUserId },
    });
    const to = locked.get(toUserId);
    if (to && to.roleKey !== OWNER) await this.publishRoleChange(workspaceId, toUserId, to.roleKey, OWNER);
    await this.publishRoleChange(workspaceId, fromUserId, OWNER, 'admin');
    this.access.evictWorkspace(workspaceId);
  }

  private async publishRoleChange(workspaceId: string, userId: string, from: string, to: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) return;
    await this.events.publish(workspaceId, {
      type: MEMBER_ROLE_CHANGED,
      version: TENANCY_EVENT_VERSION,
      data: { member: memberSnapshot(user, to), from },
    });
  }

  private async lockMember(workspaceId: string, userId: string): Promise<Membership> {
    const membership = await this.memberships.findOne({
      where: { workspaceId, userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!membership) throw memberNotFound();
    return membership;
  }

  /**
   * Whether the caller is one of the owners as locked now, not as the guard
   * read a moment earlier: an owner demoted by a concurrent request must not
   * still act as one.
   */
  private callerIsAmong(ownerIds: readonly string[]): boolean {
    const actor = this.actors.actor;
    return actor.kind === 'user' && ownerIds.includes(actor.userId);
  }

  /**
   * Every change that could take away an owner first locks all owner rows, in
   * one order: two owners demoting each other at once then run one after the
   * other (the second sees one owner left: LAST_OWNER) instead of both
   * succeeding or deadlocking. Returns the owners' ids.
   */
  private async lockOwners(workspaceId: string): Promise<string[]> {
    const owners: { user_id: string }[] = await this.txHost.tx.query(
      `SELECT user_id FROM memberships WHERE workspace_id = $1 AND role_key = $2 ORDER BY user_id FOR UPDATE`,
      [workspaceId, OWNER],
    );
    return owners.map((owner) => owner.user_id);
  }

  async assertRoleExists(workspaceId: string, roleKey: string, field = 'role'): Promise<void> {
    const exists = await this.txHost.tx.getRepository(Role).existsBy({ workspaceId, key: roleKey });
    if (!exists) {
      throw new DomainError('VALIDATION_FAILED', `This workspace has no role "${roleKey}".`, {
        errors: [{ field, rule: 'roleExists', message: `${field} must be the key of a role of this workspace` }],
      });
    }
  }

  private async describe(membership: Membership): Promise<MemberResponse> {
    const user = await this.users.findById(membership.userId);
    if (!user) throw memberNotFound();
    return {
      userId: membership.userId,
      email: user.email,
      name: user.name,
      role: membership.roleKey,
      joinedAt: membership.createdAt.toISOString(),
    };
  }
}

function assertAnotherOwner(ownerIds: readonly string[], leavingUserId: string): void {
  if (!ownerIds.some((id) => id !== leavingUserId)) {
    throw new DomainError('LAST_OWNER', 'A workspace keeps at least one owner: make someone else owner first.');
  }
}
