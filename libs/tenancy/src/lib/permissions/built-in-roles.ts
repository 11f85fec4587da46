import { OWNER_ONLY_PERMISSIONS } from './owner-only-permissions';
import { ALL_PERMISSIONS, Permission } from './permission-catalog';

export const BUILT_IN_ROLE_KEYS = ['owner', 'admin', 'member', 'viewer'] as const;
export type BuiltInRoleKey = (typeof BUILT_IN_ROLE_KEYS)[number];

interface BuiltInRole {
  name: string;
  description: string;
  permissions: readonly Permission[];
}

/**
 * The four roles every workspace has. Their permissions live in code, not in
 * the roles table, so a permission added later reaches every workspace's
 * built-in roles without a data migration.
 */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRoleKey, BuiltInRole>> = {
  owner: {
    name: 'Owner',
    description: 'Everything, including deleting the workspace and transferring ownership.',
    permissions: ALL_PERMISSIONS,
  },
  admin: {
    name: 'Admin',
    description: 'Everything but deleting the workspace and transferring ownership.',
    permissions: ALL_PERMISSIONS.filter((permission) => !OWNER_ONLY_PERMISSIONS.includes(permission)),
  },
  member: {
    name: 'Member',
    description:
      'Works in the workspace: runs projects through the workflow and comments; registers releases and their evidence; sees members, roles and invites.',
    permissions: [
      'workspace:read',
      'members:read',
      'invites:read',
      'roles:read',
      'projects:read',
      'projects:write',
      'projects:transition',
      'comments:write',
      'workflow:read',
      'gates:read',
      'releases:write',
      'evidence:write',
      'documents:read',
      'documents:write',
      'ai:use',
    ],
  },
  viewer: {
    name: 'Viewer',
    description: 'Reads the workspace, its members, projects, workflow and release gates; changes nothing.',
    permissions: [
      'workspace:read',
      'members:read',
      'roles:read',
      'projects:read',
      'workflow:read',
      'gates:read',
      'documents:read',
    ],
  },
};

export function isBuiltInRoleKey(key: string): key is BuiltInRoleKey {
  return (BUILT_IN_ROLE_KEYS as readonly string[]).includes(key);
}
