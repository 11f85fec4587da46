import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { PlatformAccess, TenancyModule } from '@keel/tenancy';
import { ADMIN_EVENT_DEFINITIONS } from './admin-events';
import { BundleImportJob } from './bundles/bundle-import.job';
import { BundleImports } from './bundles/bundle-imports.service';
import { WorkspaceExportJob } from './bundles/workspace-export.job';
import { WorkspaceExports } from './bundles/workspace-exports.service';
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
  WorkspaceExports,
  BundleImports,
];

/**
 * The platform operators' context: who is a platform admin, the platform
 * audit log, and the work admins do across workspaces (workspaces and
 * accounts, the removal of deleted workspaces, job runs, the overview,
 * impersonation, workspace bundles). The routes (`/v1/admin/*`)
 * are AdminHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  providers: [...EXPORTED, AdminOwnerReads, WorkspaceExportJob, BundleImportJob],
  exports: EXPORTED,
})
export class AdminModule implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly handlers: JobHandlers,
    private readonly exportJob: WorkspaceExportJob,
    private readonly importJob: BundleImportJob,
    private readonly platformAccess: PlatformAccess,
    private readonly admins: PlatformAdmins,
    private readonly ownerReads: AdminOwnerReads,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...ADMIN_EVENT_DEFINITIONS);
    this.handlers.register(this.exportJob);
    this.handlers.register(this.importJob);
    // Platform admins pass the workspace routes that admit them (exporting a workspace), on a workspace that exists.
    this.platformAccess.admitWith(
      async (userId, workspaceId) =>
        (await this.admins.isAdmin(userId)) &&
        (await this.ownerReads.acrossWorkspaces(async (manager) => {
          const rows: unknown[] = await manager.query(`SELECT 1 FROM workspaces WHERE id = $1`, [workspaceId]);
          return rows.length === 1;
        })),
    );
  }
}
