import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TenancyModule } from '@keel/tenancy';
import { AdminModule } from './admin.module';
import { AdminImportsController } from './bundles/admin-imports.controller';
import { WorkspaceExportsController } from './bundles/workspace-exports.controller';
import { AdminConsoleController } from './console/admin-console.controller';
import { ImpersonationLimitsInterceptor } from './impersonations/impersonation-limits.interceptor';
import { ImpersonationsController } from './impersonations/impersonations.controller';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { AdminOverviewController } from './overview/admin-overview.controller';
import { PlatformAuditController } from './platform-audit/platform-audit.controller';
import { AdminRetentionController } from './retention/admin-retention.controller';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminWorkspacesController } from './workspaces/admin-workspaces.controller';

/**
 * The platform admin routes, `/v1/admin/*`: each behind the platform admin
 * guard and audited; the limits of impersonation tokens on every route; and
 * the web console at /admin.
 */
@Module({
  imports: [AdminModule, TenancyModule],
  controllers: [
    PlatformAuditController,
    AdminOverviewController,
    AdminWorkspacesController,
    AdminUsersController,
    AdminJobsController,
    AdminRetentionController,
    ImpersonationsController,
    AdminConsoleController,
    WorkspaceExportsController,
    AdminImportsController,
  ],
  // An impersonation token is refused on the user's password, email, second factor and sessions routes.
  providers: [{ provide: APP_INTERCEPTOR, useClass: ImpersonationLimitsInterceptor }],
})
export class AdminHttpModule {}
