import type { Permission } from './permission-catalog';

/**
 * The permissions of the owner role alone. Deleting the workspace and handing
 * it to someone else decide who the workspace belongs to (and exporting it
 * carries all of it, every member's address included), so they come with
 * ownership and nothing else: the admin role lacks them and no custom role may
 * hold them (otherwise an admin could write such a role and take it).
 */
export const OWNER_ONLY_PERMISSIONS: readonly Permission[] = [
  'workspace:delete',
  'ownership:transfer',
  'workspace:export',
];

export function isOwnerOnlyPermission(permission: string): boolean {
  return (OWNER_ONLY_PERMISSIONS as readonly string[]).includes(permission);
}
