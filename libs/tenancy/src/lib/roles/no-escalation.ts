import { DomainError } from '@keel/platform-errors';
import { isOwnerOnlyPermission } from '../permissions/owner-only-permissions';
import { ALL_PERMISSIONS, Permission } from '../permissions/permission-catalog';

/**
 * No privilege escalation: nobody hands out more than they hold. Whoever
 * writes a custom role puts in only permissions they hold; whoever grants a
 * role, or takes one away, holds every permission of it. Otherwise anyone
 * allowed to write roles or change members could give themselves (or a
 * friend) anything, up to deleting the workspace.
 */

/** 422 naming each entry of `permissions` that only the owner role may hold. */
export function assertNoOwnerOnlyPermissions(permissions: readonly string[], field: string): void {
  const ownerOnly = permissions
    .map((permission, index) => ({ permission, index }))
    .filter((p) => isOwnerOnlyPermission(p.permission));
  if (ownerOnly.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Only the owner role holds ${ownerOnly.map((o) => o.permission).join(', ')}; a custom role cannot.`,
      {
        errors: ownerOnly.map(({ permission, index }) => ({
          field: `${field}[${index}]`,
          rule: 'notOwnerOnly',
          message: `"${permission}" belongs to the owner role alone and cannot be part of a custom role`,
        })),
      },
    );
  }
}

/** The permissions of `needed` that `held` lacks, in catalog order so that "the first" is the same on every call. */
export function missingPermissions(held: ReadonlySet<Permission>, needed: Iterable<string>): Permission[] {
  const wanted = new Set(needed);
  return ALL_PERMISSIONS.filter((permission) => wanted.has(permission) && !held.has(permission));
}

/** 403 naming the first missing permission in its `permission` member, as the workspace guard does. */
export function escalationDenied(missing: readonly Permission[], detail: string): DomainError {
  return new DomainError('PERMISSION_DENIED', detail, { extensions: { permission: missing[0] } });
}
