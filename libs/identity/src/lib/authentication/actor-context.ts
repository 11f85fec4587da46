import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DomainError } from '@keel/platform-errors';
import { Actor, UserActor } from './actor';

const ACTOR_KEY = 'actor';

/** The authenticated caller of the current request, kept in the request context by the authentication guard. */
@Injectable()
export class ActorContext {
  constructor(private readonly cls: ClsService) {}

  set(actor: Actor): void {
    this.cls.set(ACTOR_KEY, actor);
  }

  /** The caller, or undefined on a public route. */
  get optional(): Actor | undefined {
    return this.cls.isActive() ? this.cls.get<Actor | undefined>(ACTOR_KEY) : undefined;
  }

  /** The caller; throws when the route was not authenticated, which is a programming error. */
  get actor(): Actor {
    const actor = this.optional;
    if (!actor) throw new Error('No authenticated actor in this context: is the route public by mistake?');
    return actor;
  }

  /** The signed-in user; an API key is refused, since account routes belong to people. */
  get user(): UserActor {
    const actor = this.actor;
    if (actor.kind !== 'user') {
      throw new DomainError('PERMISSION_DENIED', 'This route needs a signed-in user; API keys cannot call it.');
    }
    return actor;
  }
}
