import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { RequestContext } from '@keel/platform-context';
import { DomainError } from '@keel/platform-errors';
import { Actor, actorReference, UserActor } from './actor';

const ACTOR_KEY = 'actor';
const PEOPLE_ONLY_KEY = 'actor.peopleOnlyRoute';

/** The authenticated caller of the current request, kept in the request context by the authentication guard. */
@Injectable()
export class ActorContext {
  constructor(
    private readonly cls: ClsService,
    private readonly request: RequestContext,
  ) {}

  set(actor: Actor, route: { peopleOnly: boolean } = { peopleOnly: false }): void {
    this.cls.set(ACTOR_KEY, actor);
    this.cls.set(PEOPLE_ONLY_KEY, route.peopleOnly);
    const { type, id } = actorReference(actor);
    this.request.describe({ actorType: type, actorId: id });
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

  /**
   * The signed-in user; an API key is refused (403), since these routes belong
   * to people. Only a route marked `@PeopleOnly()` may ask, so that every such
   * route is declared (and shows in the route snapshot): asking elsewhere is a
   * programming error.
   */
  get user(): UserActor {
    const actor = this.actor;
    if (this.cls.get<boolean | undefined>(PEOPLE_ONLY_KEY) !== true) {
      throw new Error(
        'ActorContext.user is for @PeopleOnly() routes: mark the route, so who can reach it is declared.',
      );
    }
    if (actor.kind !== 'user') {
      throw new DomainError('PERMISSION_DENIED', 'This route needs a signed-in user; API keys cannot call it.');
    }
    return actor;
  }
}
