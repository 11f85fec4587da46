import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { AuditLog, emailKey, MailLinks, UsersService } from '@keel/identity';
import { randomToken, sha256Hex } from '@keel/platform-crypto';
import { isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { Mailer } from '@keel/platform-mail';
import { Membership } from '../memberships/membership.entity';
import { MembershipsService } from '../memberships/memberships.service';
import { Role } from '../roles/role.entity';
import { RolesService } from '../roles/roles.service';
import { Workspace } from '../workspaces/workspace.entity';
import { MembershipAccessCache } from '../workspace-scope/membership-access-cache.service';
import { WorkspaceScope } from '../workspace-scope/workspace-scope';
import { AcceptedInviteResponse, CreatedInviteResponse, inviteStatus, InviteResponse } from './dto/invite.response';
import { CreateInviteDto } from './dto/create-invite.dto';
import { Invite } from './invite.entity';
import { inviteMail } from './invite-mail';
import { TenancyConfig } from '../tenancy-config';
import { Entitlements } from '../entitlements/entitlements';
import { InviteLimits } from './invite-limits';
import { memberSnapshot } from '../workspace-events/member-snapshot';
import { INVITE_ACCEPTED, MEMBER_ADDED, TENANCY_EVENT_VERSION } from '../workspace-events/tenancy-event-types';
import { WorkspaceEvents } from '../workspace-events/workspace-events';

const DAY_MS = 86_400_000;

function inviteNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No invite of this workspace has this id.');
}

/** Invites: issued, mailed, resent, revoked inside the workspace; accepted by whoever holds the token and owns the address. */
@Injectable()
export class InvitesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly config: TenancyConfig,
    private readonly links: MailLinks,
    private readonly mailer: Mailer,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly access: MembershipAccessCache,
    private readonly scope: WorkspaceScope,
    private readonly audit: AuditLog,
    private readonly roles: RolesService,
    private readonly limits: InviteLimits,
    private readonly entitlements: Entitlements,
    private readonly events: WorkspaceEvents,
  ) {}

  private get invites() {
    return this.txHost.tx.getRepository(Invite);
  }

  /**
   * Issues an invite and mails its link, in the workspace's transaction: a
   * mail that cannot be handed over leaves no invite behind (503). Inviting
   * with a role grants it, so the inviter must hold all its permissions; and
   * InviteLimits must let it through (a verified inviter, within the limits).
   */
  async create(
    workspaceId: string,
    invitedBy: string | undefined,
    dto: CreateInviteDto,
  ): Promise<CreatedInviteResponse> {
    await this.memberships.assertRoleExists(workspaceId, dto.role);
    if (dto.role === 'owner' && this.scope.current.role !== 'owner') {
      throw new DomainError('PERMISSION_DENIED', 'Only an owner can invite an owner (it needs ownership:transfer).', {
        extensions: { permission: 'ownership:transfer' },
      });
    }
    await this.roles.assertMayGrant(workspaceId, dto.role);
    const existing = await this.users.findByEmail(dto.email);
    if (existing && (await this.txHost.tx.getRepository(Membership).existsBy({ workspaceId, userId: existing.id }))) {
      throw new DomainError('ALREADY_MEMBER', `${dto.email} is already a member of this workspace.`);
    }
    await this.limits.admit(workspaceId, dto.email);
    // A pending invite holds a member's seat, so the plan's limit counts members and pending invites.
    await this.entitlements.assertWithinLimit(workspaceId, 'members');
    const token = randomToken();
    const now = new Date();
    const invite: Invite = {
      workspaceId,
      id: newId(),
      email: dto.email,
      emailKey: emailKey(dto.email),
      roleKey: dto.role,
      tokenHash: sha256Hex(token),
      invitedBy: invitedBy ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.INVITE_TTL_DAYS * DAY_MS),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    };
    await this.invites.insert(invite);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'invite.created',
      target: { type: 'invite', id: invite.id },
      data: { email: invite.email, role: invite.roleKey },
    });
    await this.send(invite, token);
    return { ...InviteResponse.of(invite), token };
  }

  /**
   * Invites `email` with `roleKey` on behalf of the platform (no inviter):
   * a workspace imported from a bundle invites the members who have no
   * account here. Mailed like any invite, in the caller's tenant
   * transaction; the role must exist (owner included: the bundle said so).
   */
  async createForImport(workspaceId: string, email: string, roleKey: string): Promise<Invite> {
    await this.memberships.assertRoleExists(workspaceId, roleKey);
    const token = randomToken();
    const now = new Date();
    const invite: Invite = {
      workspaceId,
      id: newId(),
      email,
      emailKey: emailKey(email),
      roleKey,
      tokenHash: sha256Hex(token),
      invitedBy: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.INVITE_TTL_DAYS * DAY_MS),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    };
    await this.invites.insert(invite);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'invite.created',
      target: { type: 'invite', id: invite.id },
      data: { email: invite.email, role: invite.roleKey, via: 'import' },
    });
    await this.send(invite, token);
    return invite;
  }

  list(workspaceId: string, limit: number, beforeId?: string): Promise<Invite[]> {
    const query = this.invites
      .createQueryBuilder('invite')
      .where('invite.workspace_id = :workspaceId', { workspaceId })
      .orderBy('invite.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('invite.id < :beforeId', { beforeId });
    return query.getMany();
  }

  async revoke(workspaceId: string, inviteId: string): Promise<void> {
    const invite = await this.lock(workspaceId, inviteId);
    if (invite.acceptedAt)
      throw new DomainError('INVITE_USED', 'This invite was accepted already; remove the member instead.');
    if (invite.revokedAt) return;
    await this.invites.update({ workspaceId, id: inviteId }, { revokedAt: new Date() });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'invite.revoked',
      target: { type: 'invite', id: inviteId },
      data: { email: invite.email },
    });
  }

  /**
   * A new token and a fresh expiry, mailed again; the old token is dead.
   * Accepted or revoked invites stay as they are. A resend offers the role
   * anew (perhaps long after the invite expired, perhaps by someone other
   * than the inviter), so it needs what granting the role needs.
   */
  async resend(workspaceId: string, inviteId: string): Promise<CreatedInviteResponse> {
    const invite = await this.lock(workspaceId, inviteId);
    if (invite.acceptedAt) throw new DomainError('INVITE_USED', 'This invite was accepted already.');
    if (invite.revokedAt) throw new DomainError('INVITE_REVOKED', 'This invite was revoked; create a new one.');
    await this.memberships.assertRoleExists(workspaceId, invite.roleKey);
    await this.roles.assertMayGrant(workspaceId, invite.roleKey);
    await this.limits.admit(workspaceId, invite.email);
    const token = randomToken();
    invite.tokenHash = sha256Hex(token);
    invite.expiresAt = new Date(Date.now() + this.config.INVITE_TTL_DAYS * DAY_MS);
    await this.invites.update(
      { workspaceId, id: inviteId },
      { tokenHash: invite.tokenHash, expiresAt: invite.expiresAt },
    );
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'invite.resent',
      target: { type: 'invite', id: inviteId },
      data: { email: invite.email },
    });
    await this.send(invite, token);
    return { ...InviteResponse.of(invite), token };
  }

  /** Joins the signed-in user to the invite's workspace, once; the user's email must be the invited one. */
  async accept(userId: string, token: string): Promise<AcceptedInviteResponse> {
    const tokenHash = sha256Hex(token);
    const found = await this.tenants.runInRestrictedScope({ invite_token_hash: tokenHash }, () =>
      this.invites.findOneBy({ tokenHash }),
    );
    if (!found) throw new DomainError('NOT_FOUND', 'No invite has this token; it may have been resent with a new one.');
    return this.tenants.runInTenantTransaction(found.workspaceId, async () => {
      const invite = await this.lock(found.workspaceId, found.id);
      if (invite.tokenHash !== tokenHash) throw new DomainError('NOT_FOUND', 'No invite has this token.');
      assertAcceptable(invite);
      const user = await this.users.findById(userId);
      if (!user || emailKey(user.email) !== invite.emailKey) {
        throw new DomainError(
          'INVITE_EMAIL_MISMATCH',
          'This invite is for another email address; sign in with that one.',
        );
      }
      await this.assertRoleStillExists(invite);
      const memberships = this.txHost.tx.getRepository(Membership);
      if (await memberships.existsBy({ workspaceId: invite.workspaceId, userId })) {
        throw new DomainError('ALREADY_MEMBER', 'You are already a member of this workspace.');
      }
      try {
        await memberships.insert({ workspaceId: invite.workspaceId, userId, roleKey: invite.roleKey });
      } catch (error) {
        // Joined through another invite at the same moment: the primary key decides.
        if (isUniqueViolation(error))
          throw new DomainError('ALREADY_MEMBER', 'You are already a member of this workspace.');
        throw error;
      }
      await this.invites.update(
        { workspaceId: invite.workspaceId, id: invite.id },
        { acceptedAt: new Date(), acceptedBy: userId },
      );
      await this.audit.recordInWorkspace(invite.workspaceId, {
        action: 'invite.accepted',
        target: { type: 'invite', id: invite.id },
        data: { userId, role: invite.roleKey },
      });
      const member = memberSnapshot(user, invite.roleKey);
      await this.events.publish(invite.workspaceId, {
        type: INVITE_ACCEPTED,
        version: TENANCY_EVENT_VERSION,
        data: {
          invite: { id: invite.id, email: invite.email, role: invite.roleKey, invitedBy: invite.invitedBy },
          member,
        },
      });
      await this.events.publish(invite.workspaceId, {
        type: MEMBER_ADDED,
        version: TENANCY_EVENT_VERSION,
        data: { member, via: 'invite', inviteId: invite.id },
      });
      this.access.evictWorkspace(invite.workspaceId);
      return { workspaceId: invite.workspaceId, role: invite.roleKey };
    });
  }

  /** A pending invite's role cannot be deleted, but an expired one's could have been before a resend raced it. */
  private async assertRoleStillExists(invite: Invite): Promise<void> {
    const exists = await this.txHost.tx
      .getRepository(Role)
      .existsBy({ workspaceId: invite.workspaceId, key: invite.roleKey });
    if (!exists) {
      throw new DomainError('INVITE_REVOKED', 'The role this invite offered no longer exists; ask for a new invite.');
    }
  }

  private async lock(workspaceId: string, inviteId: string): Promise<Invite> {
    const invite = await this.invites.findOne({
      where: { workspaceId, id: inviteId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invite) throw inviteNotFound();
    return invite;
  }

  private async send(invite: Invite, token: string): Promise<void> {
    const workspace = await this.txHost.tx.getRepository(Workspace).findOneBy({ id: invite.workspaceId });
    const inviter = invite.invitedBy ? await this.users.findById(invite.invitedBy) : null;
    const link = this.links.to('accept-invite', token);
    try {
      await this.mailer.send(
        inviteMail({
          to: invite.email,
          workspaceName: workspace?.name ?? 'a workspace',
          inviterName: inviter?.name,
          role: invite.roleKey,
          link,
          expiresAt: invite.expiresAt,
        }),
      );
    } catch {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The invite mail could not be sent; nothing was saved. Try again later.',
      );
    }
  }
}

function assertAcceptable(invite: Invite): void {
  switch (inviteStatus(invite)) {
    case 'accepted':
      throw new DomainError('INVITE_USED', 'This invite has been accepted already.');
    case 'revoked':
      throw new DomainError('INVITE_REVOKED', 'This invite was revoked.');
    case 'expired':
      throw new DomainError('INVITE_EXPIRED', 'This invite has expired; ask for a new one.');
    case 'pending':
      return;
  }
}
