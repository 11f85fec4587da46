import { Module } from '@nestjs/common';
import { IdentityModule } from '@keel/identity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuditEventsController } from './audit/audit-events.controller';
import { InviteAcceptanceController } from './invites/invite-acceptance.controller';
import { InvitesController } from './invites/invites.controller';
import { InvitesService } from './invites/invites.service';
import { MeController } from './me/me.controller';
import { MembersController } from './memberships/members.controller';
import { MembershipsService } from './memberships/memberships.service';
import { PermissionsController } from './permissions/permissions.controller';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';
import { MembershipAccessService } from './workspace-scope/membership-access.service';
import { TenantScopeInterceptor } from './workspace-scope/tenant-scope.interceptor';
import { WorkspaceGuard } from './workspace-scope/workspace.guard';
import { WorkspaceScope } from './workspace-scope/workspace-scope';
import { WorkspacesController } from './workspaces/workspaces.controller';
import { WorkspacesService } from './workspaces/workspaces.service';
import { WorkspaceSetup } from './workspaces/workspace-setup';
import { Entitlements, UnlimitedEntitlements } from './entitlements/entitlements';

/**
 * Workspaces, members, roles, invites, API keys and the audit trail, and the
 * workspace guard every tenant route of every later context sits behind
 * (`@RequirePermission`).
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    MeController,
    WorkspacesController,
    MembersController,
    RolesController,
    PermissionsController,
    InvitesController,
    InviteAcceptanceController,
    ApiKeysController,
    AuditEventsController,
  ],
  providers: [
    WorkspacesService,
    MembershipsService,
    RolesService,
    InvitesService,
    MembershipAccessService,
    WorkspaceScope,
    WorkspaceGuard,
    TenantScopeInterceptor,
    WorkspaceSetup,
    { provide: Entitlements, useClass: UnlimitedEntitlements },
  ],
  exports: [
    WorkspaceScope,
    WorkspaceGuard,
    TenantScopeInterceptor,
    MembershipAccessService,
    WorkspaceSetup,
    Entitlements,
    IdentityModule,
  ],
})
export class TenancyModule {}
