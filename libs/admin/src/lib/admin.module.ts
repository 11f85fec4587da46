import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { JobsModule } from '@keel/jobs';
import { TenancyModule } from '@keel/tenancy';
import { ADMIN_EVENT_DEFINITIONS } from './admin-events';
import { AdminOwnerReads } from './cross-tenant/admin-owner-reads';
import { Impersonations } from './impersonations/impersonations.service';
import { AdminJobs } from './jobs/admin-jobs.service';
import { PlatformOverview } from './overview/platform-overview';
import { PlatformAdminGuard } from './platform-admins/platform-admin.guard';
import { PlatformAdmins } from './platform-admins/platform-admins.service';
import { PlatformAuditInterceptor } from './platform-audit/platform-audit.interceptor';
import { PlatformAuditLog } from './platform-audit/platform-audit-log.service';
import { AdminUsers } from './users/admin-users.service';
import { AdminWorkspaces } from './workspaces/admin-workspaces.service';
import { WorkspaceDeletionJob } from './workspaces/workspace-deletion.job';

const EXPORTED = [
  PlatformAdmins,
  PlatformAuditLog,
  PlatformAdminGuard,
  PlatformAuditInterceptor,
  AdminWorkspaces,
  AdminUsers,
  WorkspaceDeletionJob,
  AdminJobs,
  PlatformOverview,
  Impersonations,
];

/**
 * The platform operators' context: who is a platform admin, the platform
 * audit log, and the work admins do across workspaces (workspaces and
 * accounts, the removal of deleted workspaces, job runs, the overview,
 * impersonation). The routes (`/v1/admin/*`)
 * are AdminHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  providers: [...EXPORTED, AdminOwnerReads],
  exports: EXPORTED,
})
export class AdminModule implements OnModuleInit {
  constructor(private readonly catalog: EventCatalog) {}

  onModuleInit(): void {
    this.catalog.register(...ADMIN_EVENT_DEFINITIONS);
  }
}
