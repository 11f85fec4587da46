import type { Permission } from '../permissions/permission-catalog';

/** Who is asking, as the workspace guard established it: a member through a role, or an API key through its scopes. */
export interface CallerAccess {
  /** The member's role key; undefined for an API key. */
  role?: string;
  permissions: ReadonlySet<Permission>;
}

/** Whether the caller holds a permission, through what, and in words. */
export interface AccessExplanation {
  permission: Permission;
  allowed: boolean;
  via: 'role' | 'api-key-scope';
  /** The member's role; null for an API key. */
  role: string | null;
  /** What the caller holds of the same resource (`projects:read` for `projects:write`), to say what is missing. */
  related: Permission[];
  reason: string;
}

/**
 * Explains a permission check in the words a caller can act on: "projects:write
 * needed; your role viewer has projects:read". Only ever given to a caller
 * inside the workspace: a stranger hears a plain 404.
 */
export function explainAccess(caller: CallerAccess, permission: Permission): AccessExplanation {
  const allowed = caller.permissions.has(permission);
  const resource = permission.split(':')[0];
  const related = [...caller.permissions].filter((held) => held.split(':')[0] === resource).sort();
  const holder = caller.role === undefined ? 'this API key' : `your role ${caller.role}`;
  const holds = related.length > 0 ? `has ${related.join(', ')}` : `has no ${resource} permission`;
  const reason = allowed
    ? `${holder[0].toUpperCase()}${holder.slice(1)} has ${permission}.`
    : `${permission} needed; ${holder} ${holds}.`;
  return {
    permission,
    allowed,
    via: caller.role === undefined ? 'api-key-scope' : 'role',
    role: caller.role ?? null,
    related,
    reason,
  };
}
