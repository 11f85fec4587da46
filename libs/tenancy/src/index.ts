export { TenancyModule } from './lib/tenancy.module';
export { tenancyEntities, tenancyMigrations } from './lib/tenancy-schema';
export { RequirePermission } from './lib/workspace-scope/require-permission.decorator';
export { WorkspaceParam } from './lib/workspace-scope/workspace-param.decorator';
export { WorkspaceScope } from './lib/workspace-scope/workspace-scope';
export type { WorkspaceAccess } from './lib/workspace-scope/workspace-scope';
export { PERMISSION_CATALOG, ALL_PERMISSIONS, isPermission } from './lib/permissions/permission-catalog';
export type { Permission } from './lib/permissions/permission-catalog';
export { BUILT_IN_ROLES, BUILT_IN_ROLE_KEYS } from './lib/permissions/built-in-roles';
