import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Actor, ActorContext } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { isPermission, Permission, readMembershipAccess, WorkspaceScope } from '@keel/tenancy';
import type { DecisionPrincipal } from './decisions/ai-decision.entity';
import type { AiExecution } from './executions/ai-execution.entity';

/** The caller of a tool, as the workspace guard established it for this request. */
@Injectable()
export class AiCaller {
  constructor(
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
  ) {}

  get principal(): DecisionPrincipal {
    const actor = this.actors.actor;
    if (actor.kind === 'user') return { type: 'user', id: actor.userId, role: this.scope.current.role ?? null };
    if (actor.kind === 'api-key') return { type: 'api-key', id: actor.apiKeyId, role: null };
    throw new Error('AI tools act for a member or an API key, never for an automation rule.');
  }

  /** Whether the caller holds `permission` here: the check the workspace guard makes on the HTTP route. */
  has(permission: Permission): boolean {
    return this.scope.has(permission);
  }

  /**
   * Runs `work` as the execution's requester, with the rights they hold now
   * (read again: a member removed or a key revoked meanwhile holds none), then
   * gives the request back its own caller. An approver resumes an execution;
   * the calls still act for whoever asked for them.
   */
  async actAs<T>(execution: AiExecution, work: () => Promise<T>): Promise<T> {
    const own = { actor: this.actors.actor, scope: this.scope.current };
    const workspaceId = execution.workspaceId;
    let actor: Actor;
    let role: string | undefined;
    let permissions: ReadonlySet<Permission>;
    if (execution.requestedByType === 'user') {
      const access = await readMembershipAccess(this.txHost.tx, workspaceId, execution.requestedById);
      // The session that asked is not this request's: the approval's calls are attributed to the user alone.
      actor = {
        kind: 'user',
        userId: execution.requestedById,
        sessionId: '',
        aal: 'aal1',
        authTime: execution.createdAt,
      };
      role = access?.role;
      permissions = access?.permissions ?? new Set();
    } else {
      const [key] = (await this.txHost.tx.query(
        `SELECT scopes FROM api_keys
          WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        [workspaceId, execution.requestedById],
      )) as { scopes: string[] }[];
      const scopes = key?.scopes ?? [];
      actor = { kind: 'api-key', apiKeyId: execution.requestedById, workspaceId, scopes };
      permissions = new Set(scopes.filter(isPermission));
    }
    this.actors.set(actor);
    this.scope.set({ workspaceId, role, permissions });
    try {
      return await work();
    } finally {
      this.actors.set(own.actor);
      this.scope.set(own.scope);
    }
  }
}
