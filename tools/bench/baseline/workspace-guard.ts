import type { FastifyReply } from 'fastify';
import { Authenticator, unauthenticated } from './authenticator';
import type { TokenSubject } from './bearer-verifier';
import { Memberships, WorkspaceAccess } from './workspace-access';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller let into a workspace route, or the reply already sent. */
export type GuardOutcome =
  | { allowed: true; workspaceId: string; subject: TokenSubject; access: WorkspaceAccess }
  | { allowed: false; reply: FastifyReply };

/**
 * What runs before every workspace route's handler in Keel, in its order: the
 * bearer guard (401), then the workspace guard: a workspace id that is no
 * UUID or whose member the caller is not is 404 WORKSPACE_NOT_FOUND, a missing
 * permission 403 PERMISSION_DENIED.
 */
export class WorkspaceGuard {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly memberships: Memberships,
  ) {}

  async check(
    authorization: string | undefined,
    workspaceIdParam: string,
    permission: string,
    reply: FastifyReply,
  ): Promise<GuardOutcome> {
    const subject = await this.authenticator.subject(authorization);
    if (!subject) return { allowed: false, reply: unauthenticated(reply) };
    if (!UUID.test(workspaceIdParam)) return { allowed: false, reply: workspaceNotFound(reply) };
    const workspaceId = workspaceIdParam.toLowerCase();
    const access = await this.memberships.find(workspaceId, subject.userId);
    if (!access) return { allowed: false, reply: workspaceNotFound(reply) };
    if (!access.holds(permission)) {
      return { allowed: false, reply: reply.status(403).send({ code: 'PERMISSION_DENIED', permission }) };
    }
    return { allowed: true, workspaceId, subject, access };
  }
}

function workspaceNotFound(reply: FastifyReply): FastifyReply {
  return reply.status(404).send({ code: 'WORKSPACE_NOT_FOUND' });
}
