import { Invite } from './invites/invite.entity';
import { Membership } from './memberships/membership.entity';
import { Role } from './roles/role.entity';
import { Workspace } from './workspaces/workspace.entity';
import { Workspaces1764000001000 } from '../migrations/1764000001000-workspaces';
import { Invites1764000001100 } from '../migrations/1764000001100-invites';
import { WorkspaceRequireMfa1764000014600 } from '../migrations/1764000014600-workspace-require-mfa';

/** The tenancy context's tables. */
export const tenancyEntities = [Workspace, Role, Membership, Invite];

export const tenancyMigrations = [Workspaces1764000001000, Invites1764000001100, WorkspaceRequireMfa1764000014600];
