import { Module } from '@nestjs/common';
import { IdentityModule } from '@keel/identity';
import { ApiKeyRevocations } from './api-keys/api-key-revocations';
import { AccountDeletion } from './me/account-deletion';
import { AccountMemberships } from './me/account-memberships';
import { PersonalDataExport } from './me/personal-data-export';
import { InviteLimits } from './invites/invite-limits';
import { InvitesService } from './invites/invites.service';
import { MembershipsService } from './memberships/memberships.service';
import { RolesService } from './roles/roles.service';
import { MembershipAccessCache } from './workspace-scope/membership-access-cache.service';
import { TenantScopeInterceptor } from './workspace-scope/tenant-scope.interceptor';
import { WorkspaceGuard } from './workspace-scope/workspace.guard';
import { PlatformAccess } from './workspace-scope/platform-access';
import { WorkspaceHolds } from './workspace-scope/workspace-holds';
import { WorkspaceScope } from './workspace-scope/workspace-scope';
import { WorkspaceRequestLimit } from './workspace-scope/workspace-request-limit';
import { WorkspacesService } from './workspaces/workspaces.service';
import { WorkspaceSetup } from './workspaces/workspace-setup';
import { Entitlements } from './entitlements/entitlements';
import { WorkspaceEvents } from './workspace-events/workspace-events';

/**
 * Workspaces, members, roles, invites, API keys and the audit trail, and the
 * workspace guard every tenant route of every later context sits behind
 * (`@RequirePermission`); without routes (those are TenancyHttpModule's).
 * Every context sits on tenancy, so it brings identity and re-exports it.
 */
@Module({
  imports: [IdentityModule],
  providers: [
    WorkspacesService,
    MembershipsService,
    RolesService,
    InvitesService,
    InviteLimits,
    MembershipAccessCache,
    WorkspaceHolds,
    PlatformAccess,
    WorkspaceScope,
    WorkspaceGuard,
    WorkspaceRequestLimit,
    TenantScopeInterceptor,
    WorkspaceSetup,
    WorkspaceEvents,
    ApiKeyRevocations,
    AccountMemberships,
    AccountDeletion,
    PersonalDataExport,
    Entitlements,
  ],
  exports: [
    // For TenancyHttpModule's controllers.
    WorkspacesService,
    MembershipsService,
    RolesService,
    InvitesService,
    WorkspaceScope,
    WorkspaceGuard,
    WorkspaceRequestLimit,
    TenantScopeInterceptor,
    MembershipAccessCache,
    WorkspaceHolds,
    PlatformAccess,
    WorkspaceSetup,
    WorkspaceEvents,
    Entitlements,
    ApiKeyRevocations,
    AccountDeletion,
    PersonalDataExport,
    IdentityModule,
  ],
})
export class TenancyModule {}
