import { AccessController } from './access/access.controller';
import { Module } from '@nestjs/common';
import { IdentityHttpModule } from '@keel/identity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuditEventsController } from './audit/audit-events.controller';
import { InviteAcceptanceController } from './invites/invite-acceptance.controller';
import { InvitesController } from './invites/invites.controller';
import { MeController } from './me/me.controller';
import { MembersController } from './memberships/members.controller';
import { PermissionsController } from './permissions/permissions.controller';
import { RolesController } from './roles/roles.controller';
import { TenancyModule } from './tenancy.module';
import { WorkspacesController } from './workspaces/workspaces.controller';

/**
 * Tenancy's routes: workspaces, members, roles, permissions, invites, API
 * keys and the audit trail. Brings identity's routes, as TenancyModule brings
 * IdentityModule.
 */
@Module({
  imports: [TenancyModule, IdentityHttpModule],
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
    AccessController,
  ],
})
export class TenancyHttpModule {}
