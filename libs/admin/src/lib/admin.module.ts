import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { PlatformAdminGuard } from './platform-admins/platform-admin.guard';
import { PlatformAdmins } from './platform-admins/platform-admins.service';
import { PlatformAuditInterceptor } from './platform-audit/platform-audit.interceptor';
import { PlatformAuditLog } from './platform-audit/platform-audit-log.service';

/**
 * The platform operators' context: who is a platform admin, the platform
 * audit log, and the work admins do across workspaces. The routes
 * (`/v1/admin/*`) are AdminHttpModule's.
 */
@Module({
  imports: [TenancyModule],
  providers: [PlatformAdmins, PlatformAuditLog, PlatformAdminGuard, PlatformAuditInterceptor],
  exports: [PlatformAdmins, PlatformAuditLog, PlatformAdminGuard, PlatformAuditInterceptor],
})
export class AdminModule {}
