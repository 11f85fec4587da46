import type { Permission } from '../permissions/permission-catalog';

/** The metadata key under which @RequirePermission leaves its requirement for the workspace guard. */
export const REQUIRED_PERMISSION = 'keel:required-permission';

/** What a workspace route requires of its caller; the decorator writes it, the guard reads it. */
export interface PermissionRequirement {
  permission: Permission;
  /** A route parameter naming a user: when it is the caller, the permission is not needed (leaving a workspace). */
  unlessSelf?: string;
  /**
   * A platform admin who is no member passes too, holding this permission
   * alone (PlatformAccess); never through an impersonation token.
   */
  platformAdmins?: boolean;
}
