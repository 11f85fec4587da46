import { applyDecorators, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Permission } from '../permissions/permission-catalog';
import { PermissionRequirement, REQUIRED_PERMISSION } from './permission-requirement';
import { TenantScopeInterceptor } from './tenant-scope.interceptor';
import { WorkspaceGuard } from './workspace.guard';

/**
 * The one decorator of every workspace route, applying the chain in a fixed
 * order: the (global) authentication guard has resolved the caller; the
 * workspace guard checks membership (404 WORKSPACE_NOT_FOUND otherwise) and
 * this permission (403 PERMISSION_DENIED); the handler then runs in one
 * tenant transaction of the workspace. The OpenAPI document records the
 * permission as `x-keel-permission`.
 */
export function RequirePermission(
  permission: Permission,
  options: { unlessSelf?: string; platformAdmins?: boolean } = {},
): MethodDecorator {
  const requirement: PermissionRequirement = { permission, ...options };
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, requirement),
    UseGuards(WorkspaceGuard),
    UseInterceptors(TenantScopeInterceptor),
    ApiBearerAuth(),
    ApiExtension('x-keel-permission', permission),
    ...(options.unlessSelf ? [ApiExtension('x-keel-permission-unless-self', options.unlessSelf)] : []),
    ...(options.platformAdmins ? [ApiExtension('x-keel-platform-admins', true)] : []),
  );
}
