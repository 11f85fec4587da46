import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActorContext, STEP_UP_ROUTE, StepUpPolicy } from '@keel/identity';
import { DomainError, isUuid } from '@keel/platform-errors';
import { isPermission, Permission } from '../permissions/permission-catalog';
import { explainAccess } from '../access/access-explanation';
import { MembershipAccessCache } from './membership-access-cache.service';
import { PermissionRequirement, REQUIRED_PERMISSION } from './permission-requirement';
import { WorkspaceHolds, workspaceSuspended } from './workspace-holds';
import { PlatformAccess } from './platform-access';
import { WorkspaceScope } from './workspace-scope';
import { WorkspaceRequestLimit } from './workspace-request-limit';

export function workspaceNotFound(): DomainError {
  return new DomainError('WORKSPACE_NOT_FOUND', 'No workspace with this id exists for you.');
}

/**
 * Resolves the workspace of `/v1/workspaces/{workspaceId}/…` for the caller:
 * a member (user) or a key of that workspace. A workspace the caller cannot
 * see is 404 — whether it exists is nobody else's business (a platform
 * admin passes on the few routes that admit them, PlatformAccess); a member's
 * session without a second factor in a workspace that requires one is 403
 * MFA_REQUIRED; a missing permission is 403 naming it; and a sensitive action
 * (`@RequireStepUp()`) asks a person with MFA for a recent proof (403
 * STEP_UP_REQUIRED). A request let in counts against the workspace's rate
 * limit (429 RATE_LIMITED past it).
 */
@Injectable()
export class WorkspaceGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorContext,
    private readonly memberships: MembershipAccessCache,
    private readonly scope: WorkspaceScope,
    private readonly holds: WorkspaceHolds,
    private readonly stepUp: StepUpPolicy,
    private readonly requestLimit: WorkspaceRequestLimit,
    private readonly platformAccess: PlatformAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<PermissionRequirement | undefined>(
      REQUIRED_PERMISSION,
      context.getHandler(),
    );
    if (!requirement) throw new Error('WorkspaceGuard on a route without @RequirePermission.');
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>();
    const workspaceId = request.params.workspaceId;
    if (!isUuid(workspaceId)) throw workspaceNotFound();
    const normalizedId = workspaceId.toLowerCase();

    const actor = this.actors.actor;
    let role: string | undefined;
    let permissions: ReadonlySet<Permission>;
    if (actor.kind === 'api-key') {
      if (actor.workspaceId !== normalizedId) throw workspaceNotFound();
      permissions = new Set(actor.scopes.filter(isPermission));
    } else if (actor.kind === 'user') {
      const membership = await this.memberships.find(normalizedId, actor.userId);
      if (membership) {
        if (membership.requireMfa && actor.aal !== 'aal2') throw mfaRequired();
        role = membership.role;
        permissions = membership.permissions;
      } else if (
        requirement.platformAdmins &&
        !actor.impersonation &&
        (await this.platformAccess.admits(actor.userId, normalizedId))
      ) {
        // A platform admin on a route that admits them: this permission and nothing else, no role.
        permissions = new Set([requirement.permission]);
      } else {
        throw workspaceNotFound();
      }
    } else {
      // Automation acts on events inside the worker, never through an HTTP route.
      throw workspaceNotFound();
    }
    // A member or key of a workspace on hold is refused everything, reads included; others still get 404.
    const hold = await this.holds.find(normalizedId);
    if (hold) throw workspaceSuspended(hold);
    this.scope.set({ workspaceId: normalizedId, role, permissions });
    // Counted once the caller is known to belong here, so nobody spends another workspace's requests.
    await this.requestLimit.admit(context.switchToHttp().getResponse<FastifyReply>(), normalizedId);

    const self =
      requirement.unlessSelf && actor.kind === 'user' && request.params[requirement.unlessSelf] === actor.userId;
    if (!self && !permissions.has(requirement.permission)) {
      // The caller is inside the workspace (a stranger got 404 above), so it may hear what it holds.
      const { reason } = explainAccess({ role, permissions }, requirement.permission);
      throw new DomainError('PERMISSION_DENIED', reason, { extensions: { permission: requirement.permission } });
    }
    if (actor.kind === 'user' && this.reflector.get<boolean | undefined>(STEP_UP_ROUTE, context.getHandler())) {
      await this.stepUp.assertSatisfied(actor);
    }
    return true;
  }
}

function mfaRequired(): DomainError {
  return new DomainError(
    'MFA_REQUIRED',
    'This workspace requires a second factor: set up an authenticator app (POST /v1/me/mfa/totp), then sign in with it or step up (POST /v1/auth/step-up).',
  );
}
