import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runInTenantTransaction } from '@keel/platform-database';
import { isBuiltInRoleKey, BUILT_IN_ROLES } from '../permissions/built-in-roles';
import { isPermission, Permission } from '../permissions/permission-catalog';
import { isOwnerOnlyPermission } from '../permissions/owner-only-permissions';

/** How long a membership read is reused: a role change or removal in another process applies within this time. */
export const MEMBERSHIP_CACHE_MS = 2_000;
const MAX_ENTRIES = 20_000;

export interface MembershipAccess {
  role: string;
  permissions: ReadonlySet<Permission>;
  /** The workspace's policy: members' sessions need a second factor. */
  requireMfa: boolean;
}

/**
 * A user's role and permissions in a workspace, read in a tenant transaction
 * of that workspace and cached briefly. Changes made in this process evict
 * at once.
 */
@Injectable()
export class MembershipAccessCache {
  private readonly cache = new Map<string, { access: MembershipAccess | null; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(workspaceId: string, userId: string): Promise<MembershipAccess | null> {
    const key = `${workspaceId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.access;
    const access = await runInTenantTransaction(this.dataSource, workspaceId, (manager) =>
      readMembershipAccess(manager, workspaceId, userId),
    );
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { access, until: Date.now() + MEMBERSHIP_CACHE_MS });
    return access;
  }

  /** After a change to memberships or roles of a workspace in this process. */
  evictWorkspace(workspaceId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${workspaceId}:`)) this.cache.delete(key);
  }
}

/**
 * What a role lets its holders do. A custom role never confers an owner-only
 * permission, even one stored in it before custom roles were refused them.
 */
export function permissionsOfRole(roleKey: string, storedPermissions: readonly string[]): Set<Permission> {
  if (isBuiltInRoleKey(roleKey)) return new Set(BUILT_IN_ROLES[roleKey].permissions);
  return new Set(storedPermissions.filter(isPermission).filter((permission) => !isOwnerOnlyPermission(permission)));
}

/** A user's role in a workspace and what it lets them do, read in the caller's tenant transaction; null for a non-member. */
export async function readMembershipAccess(
  manager: EntityManager,
  workspaceId: string,
  userId: string,
): Promise<MembershipAccess | null> {
  const [row]: { role_key: string; permissions: string[]; require_mfa: boolean }[] = await manager.query(
    `SELECT m.role_key, r.permissions, w.require_mfa FROM memberships m
       JOIN roles r ON r.workspace_id = m.workspace_id AND r.key = m.role_key
       JOIN workspaces w ON w.id = m.workspace_id
      WHERE m.workspace_id = $1 AND m.user_id = $2`,
    [workspaceId, userId],
  );
  return row
    ? {
        role: row.role_key,
        permissions: permissionsOfRole(row.role_key, row.permissions),
        requireMfa: row.require_mfa === true,
      }
    : null;
}
