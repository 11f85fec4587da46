import { applyDecorators, SetMetadata, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { PeopleOnly } from '@keel/identity';
import { ADMIN_ACTION, PlatformAuditInterceptor } from '../platform-audit/platform-audit.interceptor';
import { PlatformAdminGuard } from './platform-admin.guard';

/** What `x-keel-permission` says of every admin route, in the OpenAPI document and the route snapshot. */
export const PLATFORM_ADMIN_PERMISSION = 'platform:admin';

/**
 * The one decorator of every `/v1/admin/*` route: a signed-in person (never an
 * API key) who is a platform admin, and one platform audit entry per request
 * naming `action`. The OpenAPI document records it as
 * `x-keel-auth: user` and `x-keel-permission: platform:admin`.
 */
export function AdminRoute(action: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(ADMIN_ACTION, action),
    PeopleOnly(),
    UseGuards(PlatformAdminGuard),
    UseInterceptors(PlatformAuditInterceptor),
    ApiBearerAuth(),
    ApiExtension('x-keel-permission', PLATFORM_ADMIN_PERMISSION),
  );
}
