import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, AuditLog } from '@keel/identity';
import {
  isUniqueViolation,
  newId,
  SafeTypeOrmTransactionalAdapter,
  WorkspaceRepositories,
} from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { isPermission, Permission } from '../permissions/permission-catalog';
import {
  MembershipAccessCache,
  permissionsOfRole,
  readMembershipAccess,
} from '../workspace-scope/membership-access-cache.service';
import { WorkspaceScope } from '../workspace-scope/workspace-scope';
import { CreateRoleDto } from './dto/create-role.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
import { assertNoOwnerOnlyPermissions, escalationDenied, missingPermissions } from './no-escalation';
import { Role } from './role.entity';

/** 422 naming each entry of `permissions` that is not in the catalog. */
export function assertKnownPermissions(permissions: readonly string[], field: string): void {
  const unknown = permissions
    .map((permission, index) => ({ permission, index }))
    .filter((p) => !isPermission(p.permission));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Unknown permissions: ${unknown.map((u) => u.permission).join(', ')}.`, {
      errors: unknown.map(({ permission, index }) => ({
        field: `${field}[${index}]`,
        rule: 'permission',
        message: `"${permission}" is not in the permission catalog (GET /v1/permissions)`,
      })),
    });
  }
}

/**
 * Custom roles of a workspace (the built-in four are read-only), and who may
 * hand a role out (no-escalation.ts). In the workspace's tenant transaction.
 */
@Injectable()
export class RolesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly repositories: WorkspaceRepositories,
    private readonly audit: AuditLog,
    private readonly access: MembershipAccessCache,
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
  ) {}

  private get roles() {
    return this.repositories.of(Role);
  }

  /** Built-in roles first, then custom ones by creation. */
  list(workspaceId: string): Promise<Role[]> {
    return this.roles.findBy(workspaceId, {}, { order: { builtIn: 'DESC', id: 'ASC' } });
  }

  /** 422 for an unknown or owner-only permission; 403 for one the caller lacks. */
  async create(workspaceId: string, dto: CreateRoleDto): Promise<Role> {
    assertKnownPermissions(dto.permissions, 'permissions');
    assertNoOwnerOnlyPermissions(dto.permissions, 'permissions');
    const lacking = missingPermissions(await this.callerPermissions(workspaceId), dto.permissions);
    if (lacking.length > 0) {
      throw escalationDenied(lacking, `A role cannot have permissions you lack: ${lacking.join(', ')}.`);
    }
    let role: Role;
    try {
      role = await this.txHost.withTransaction(Propagation.Nested, () =>
        this.roles.insert(workspaceId, {
          id: newId(),
          key: dto.key,
          name: dto.name,
          description: dto.description ?? '',
          permissions: [...new Set(dto.permissions)].sort(),
          builtIn: false,
          createdAt: new Date(),
          updatedAt: new Date(),
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('ROLE_KEY_TAKEN', `This workspace already has a role "${dto.key}".`, {
          errors: [{ field: 'key', rule: 'unique', message: 'key is taken' }],
        });
      }
      throw error;
    }
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'role.created',
      target: { type: 'role', id: role.id },
      data: { key: role.key, permissions: role.permissions },
    });
    return role;
  }

  /**
   * New permissions follow create's rules. Changing the permissions of a role
   * also takes its old ones from everyone holding it, so the caller must hold
   * those too (as for taking a role away from a member); a new name or
   * description grants nothing.
   */
  async update(workspaceId: string, roleId: string, dto: UpdateRoleDto): Promise<Role> {
    const role = await this.customRole(workspaceId, roleId);
    if (dto.permissions) {
      assertKnownPermissions(dto.permissions, 'permissions');
      assertNoOwnerOnlyPermissions(dto.permissions, 'permissions');
      const held = await this.callerPermissions(workspaceId);
      const lackingOld = missingPermissions(held, permissionsOfRole(role.key, role.permissions));
      if (lackingOld.length > 0) {
        throw escalationDenied(
          lackingOld,
          `The role "${role.key}" holds ${lackingOld.join(', ')}, which you lack: only someone holding every permission of a role may change its permissions.`,
        );
      }
      const lacking = missingPermissions(held, dto.permissions);
      if (lacking.length > 0) {
        throw escalationDenied(lacking, `A role cannot have permissions you lack: ${lacking.join(', ')}.`);
      }
    }
    const changes: Partial<Omit<Role, 'workspaceId'>> = { updatedAt: new Date() };
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.permissions !== undefined) changes.permissions = [...new Set(dto.permissions)].sort();
    await this.roles.update(workspaceId, { id: roleId }, changes);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'role.updated',
      target: { type: 'role', id: roleId },
      data: { key: role.key, from: { name: role.name, permissions: role.permissions }, to: changes },
    });
    this.access.evictWorkspace(workspaceId);
    return { ...role, ...changes };
  }

  /** A role still held by a member or offered by a pending invite is 409 ROLE_IN_USE; used or dead invites do not count. */
  async delete(workspaceId: string, roleId: string): Promise<void> {
    const role = await this.customRole(workspaceId, roleId);
    const [usage]: { members: number; invites: number }[] = await this.txHost.tx.query(
      `SELECT (SELECT count(*) FROM memberships WHERE workspace_id = $1 AND role_key = $2)::int AS members,
              (SELECT count(*) FROM invites WHERE workspace_id = $1 AND role_key = $2
                  AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now())::int AS invites`,
      [workspaceId, role.key],
    );
    if (usage.members > 0 || usage.invites > 0) {
      throw new DomainError(
        'ROLE_IN_USE',
        `The role "${role.key}" is held by ${usage.members} member(s) and named by ${usage.invites} pending invite(s); change or revoke those first.`,
        { extensions: usage },
      );
    }
    await this.roles.delete(workspaceId, { id: roleId });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'role.deleted',
      target: { type: 'role', id: roleId },
      data: { key: role.key },
    });
  }

  /**
   * Granting a role (assigning it, inviting with it, re-issuing that invite)
   * needs every permission of the role: 403 naming the first one the caller lacks.
   */
  async assertMayGrant(workspaceId: string, roleKey: string): Promise<void> {
    const held = await this.callerPermissions(workspaceId);
    await this.assertHoldsRole(workspaceId, roleKey, held, 'grant it');
  }

  /** Taking a member's role away (removing them) needs every permission of that role. */
  async assertMayTakeAway(workspaceId: string, roleKey: string): Promise<void> {
    const held = await this.callerPermissions(workspaceId);
    await this.assertHoldsRole(workspaceId, roleKey, held, 'take it away from a member');
  }

  /**
   * Changing a member's role grants the new one and takes the old one away:
   * the caller must hold every permission of both, so nobody raises anyone
   * (themselves included) above themselves, nor demotes someone who holds
   * what they do not.
   */
  async assertMayReassign(workspaceId: string, fromRoleKey: string, toRoleKey: string): Promise<void> {
    const held = await this.callerPermissions(workspaceId);
    await this.assertHoldsRole(workspaceId, toRoleKey, held, 'grant it');
    await this.assertHoldsRole(workspaceId, fromRoleKey, held, 'take it away from a member');
  }

  private async assertHoldsRole(
    workspaceId: string,
    roleKey: string,
    held: ReadonlySet<Permission>,
    act: string,
  ): Promise<void> {
    const role = await this.roles.findOneBy(workspaceId, { key: roleKey });
    // Whether the role exists is the caller's check (422 naming its field); a missing one grants nothing.
    if (!role) return;
    const lacking = missingPermissions(held, permissionsOfRole(role.key, role.permissions));
    if (lacking.length > 0) {
      throw escalationDenied(
        lacking,
        `The role "${roleKey}" holds ${lacking.join(', ')}, which you lack: only someone holding every permission of a role may ${act}.`,
      );
    }
  }

  /**
   * What the caller holds here now. A key holds its scopes. A user's role is
   * read again in this transaction, not taken from the workspace guard's
   * briefly cached read: a member demoted a moment ago must not still hand
   * out what they just lost (and, say, give their old role back to themselves).
   */
  private async callerPermissions(workspaceId: string): Promise<ReadonlySet<Permission>> {
    const actor = this.actors.actor;
    if (actor.kind === 'api-key') return this.scope.current.permissions;
    // An automation rule acts on events, never on roles: it holds nothing here.
    if (actor.kind !== 'user') return new Set();
    const membership = await readMembershipAccess(this.txHost.tx, workspaceId, actor.userId);
    return membership?.permissions ?? new Set();
  }

  private async customRole(workspaceId: string, roleId: string): Promise<Role> {
    const role = await this.roles.findOneBy(workspaceId, { id: roleId });
    if (!role) throw new DomainError('NOT_FOUND', 'No role of this workspace has this id.');
    if (role.builtIn)
      throw new DomainError('ROLE_BUILT_IN', `The built-in role "${role.key}" cannot be changed or deleted.`);
    return role;
  }
}
