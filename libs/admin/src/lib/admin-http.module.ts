import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { AdminModule } from './admin.module';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { AdminOverviewController } from './overview/admin-overview.controller';
import { PlatformAuditController } from './platform-audit/platform-audit.controller';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminWorkspacesController } from './workspaces/admin-workspaces.controller';

/** The platform admin routes, `/v1/admin/*`: each behind the platform admin guard and audited. */
@Module({
  imports: [AdminModule, TenancyModule],
  controllers: [
    PlatformAuditController,
    AdminOverviewController,
    AdminWorkspacesController,
    AdminUsersController,
    AdminJobsController,
  ],
})
export class AdminHttpModule {}
