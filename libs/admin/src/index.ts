export { AdminModule } from './lib/admin.module';
export { AdminHttpModule } from './lib/admin-http.module';
export { adminEntities, adminMigrations } from './lib/admin-schema';
export { adminGrantCommand, adminRevokeCommand } from './lib/platform-admins/admin-commands';
export { PlatformAdmins } from './lib/platform-admins/platform-admins.service';
export { PlatformAuditLog } from './lib/platform-audit/platform-audit-log.service';
export { AdminRoute, PLATFORM_ADMIN_PERMISSION } from './lib/platform-admins/admin-route.decorator';
export { AdminConfig } from './lib/admin-config';
