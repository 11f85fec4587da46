import { Injectable } from '@nestjs/common';
import { ActorContext } from '@keel/identity';
import { Permission, WorkspaceScope } from '@keel/tenancy';
import type { DecisionPrincipal } from './decisions/ai-decision.entity';

/** The caller of a tool, as the workspace guard established it for this request. */
@Injectable()
export class AiCaller {
  constructor(
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
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
}
