import type { Pool } from 'pg';
import { ExpiringCache } from './bearer-verifier';
import { inScopedTransaction } from './scoped-transaction';

/** Keel's MEMBERSHIP_CACHE_MS. */
const MEMBERSHIP_CACHE_MS = 2_000;

/**
 * The built-in roles' permissions, which Keel keeps in code rather than in
 * the roles table (libs/tenancy/src/lib/permissions/built-in-roles.ts): the
 * owner holds every permission, an admin all but two, a member and a viewer
 * the ones listed.
 */
const OWNER_ONLY = ['workspace:delete', 'ownership:transfer'];
const MEMBER_PERMISSIONS = [
  'workspace:read',
  'members:read',
  'invites:read',
  'roles:read',
  'projects:read',
  'projects:write',
  'projects:transition',
  'comments:write',
  'workflow:read',
  'documents:read',
  'documents:write',
];
const VIEWER_PERMISSIONS = [
  'workspace:read',
  'members:read',
  'roles:read',
  'projects:read',
  'workflow:read',
  'documents:read',
];

/** A member's standing in a workspace: their role, and what it lets them do. */
export interface WorkspaceAccess {
  role: string;
  holds(permission: string): boolean;
}

function accessOf(role: string, storedPermissions: readonly string[]): WorkspaceAccess {
  switch (role) {
    case 'owner':
      return { role, holds: () => true };
    case 'admin':
      return { role, holds: (permission) => !OWNER_ONLY.includes(permission) };
    case 'member':
      return { role, holds: (permission) => MEMBER_PERMISSIONS.includes(permission) };
    case 'viewer':
      return { role, holds: (permission) => VIEWER_PERMISSIONS.includes(permission) };
    default: {
      const granted = new Set(storedPermissions);
      return { role, holds: (permission) => granted.has(permission) };
    }
  }
}

/**
 * The caller's membership of a workspace, as Keel's MembershipAccessCache
 * reads it: the membership ⋈ role row in a tenant transaction of that
 * workspace, remembered 2 s per workspace and user (null: not a member).
 */
export class Memberships {
  private readonly cache = new ExpiringCache<WorkspaceAccess | null>(MEMBERSHIP_CACHE_MS);

  constructor(private readonly pool: Pool) {}

  async find(workspaceId: string, userId: string): Promise<WorkspaceAccess | null> {
    const key = `${workspaceId}:${userId}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const access = await inScopedTransaction(this.pool, workspaceId, [], async (client) => {
      const result = await client.query<{ role_key: string; permissions: string[] }>(
        `SELECT m.role_key, r.permissions, w.require_mfa FROM memberships m
           JOIN roles r ON r.workspace_id = m.workspace_id AND r.key = m.role_key
           JOIN workspaces w ON w.id = m.workspace_id
          WHERE m.workspace_id = $1 AND m.user_id = $2`,
        [workspaceId, userId],
      );
      const row = result.rows[0];
      return row ? accessOf(row.role_key, row.permissions) : null;
    });
    this.cache.set(key, access);
    return access;
  }
}
