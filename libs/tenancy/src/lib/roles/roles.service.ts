import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { AuditLog } from '@keel/identity';
import { isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { isPermission } from '../permissions/permission-catalog';
import { MembershipAccessService } from '../workspace-scope/membership-access.service';
import { CreateRoleDto } from './dto/create-role.dto';
import { UpdateRoleDto } from './dto/update-role.dto';
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

/** Custom roles of a workspace; the built-in four are read-only. In the workspace's tenant transaction. */
@Injectable()
export class RolesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly audit: AuditLog,
    private readonly access: MembershipAccessService,
  ) {}

  private get roles() {
    return this.txHost.tx.getRepository(Role);
  }

  /** Built-in roles first, then custom ones by creation. */
  list(workspaceId: string): Promise<Role[]> {
    return this.roles.find({ where: { workspaceId }, order: { builtIn: 'DESC', id: 'ASC' } });
  }

  async create(workspaceId: string, dto: CreateRoleDto): Promise<Role> {
    assertKnownPermissions(dto.permissions, 'permissions');
    const role: Role = {
      workspaceId,
      id: newId(),
      key: dto.key,
      name: dto.name,
      description: dto.description ?? '',
      permissions: [...new Set(dto.permissions)].sort(),
      builtIn: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => this.roles.insert(role));
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

  async update(workspaceId: string, roleId: string, dto: UpdateRoleDto): Promise<Role> {
    const role = await this.customRole(workspaceId, roleId);
    if (dto.permissions) assertKnownPermissions(dto.permissions, 'permissions');
    const changes: Partial<Role> = { updatedAt: new Date() };
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.permissions !== undefined) changes.permissions = [...new Set(dto.permissions)].sort();
    await this.roles.update({ workspaceId, id: roleId }, changes);
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
    await this.roles.delete({ workspaceId, id: roleId });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'role.deleted',
      target: { type: 'role', id: roleId },
      data: { key: role.key },
    });
  }

  private async customRole(workspaceId: string, roleId: string): Promise<Role> {
    const role = await this.roles.findOneBy({ workspaceId, id: roleId });
    if (!role) throw new DomainError('NOT_FOUND', 'No role of this workspace has this id.');
    if (role.builtIn)
      throw new DomainError('ROLE_BUILT_IN', `The built-in role "${role.key}" cannot be changed or deleted.`);
    return role;
  }
}
