import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@keel/platform-errors';
import { Actor } from './actor';
import { ActorContext } from './actor-context';
import { ImpersonatedRequests } from './impersonated-requests';
import { BEARER_STRATEGY } from './bearer.strategy';
import { PEOPLE_ONLY_ROUTE } from './people-only.decorator';
import { PUBLIC_ROUTE, RequestContext } from '@keel/platform-context';
import { RequestLimits } from '../request-limits/request-limits';

/**
 * The global guard: every route needs a bearer credential unless it is marked
 * `@Public()`. The caller it resolves is kept in the request context, with
 * whether the route is `@PeopleOnly()`. An API key on such a route is refused
 * when the handler asks for the user, after the workspace guard has answered
 * 404 for a workspace the key cannot see. A refused credential counts
 * against the client address's rate limit (RequestLimitGuard counts the rest).
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(BEARER_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorContext,
    private readonly impersonated: ImpersonatedRequests,
    private readonly limits: RequestLimits,
    private readonly request: RequestContext,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    try {
      await super.canActivate(context);
    } catch (refused) {
      // A request without a valid credential is unauthenticated: it counts against its client address like a
      // public route's, so guessing keys or tokens from one address ends in 429 RATE_LIMITED.
      const bucket = this.limits.addressBucket(this.request.clientAddress);
      if (bucket) await this.limits.admit(context.switchToHttp().getResponse<FastifyReply>(), bucket);
      throw refused;
    }
    // Set here, not in handleRequest: passport's callbacks run outside the request's async context.
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Actor }>();
    const actor = request.user;
    if (!actor) throw unauthenticated();
    const peopleOnly = this.reflector.getAllAndOverride<boolean>(PEOPLE_ONLY_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    this.actors.set(actor, { peopleOnly: peopleOnly === true });
    // Every request made with an impersonation token is audited once answered, refused ones included.
    if (actor.kind === 'user' && actor.impersonation) {
      this.impersonated.follow(
        { ...actor, impersonation: actor.impersonation },
        request,
        http.getResponse<FastifyReply>(),
      );
    }
    return true;
  }

  override handleRequest<TUser = Actor>(error: unknown, actor: TUser | false): TUser {
    if (error) throw error;
    if (!actor) throw unauthenticated();
    return actor;
  }
}

function unauthenticated(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <access token or API key>.', {
    headers: { 'www-authenticate': 'Bearer' },
  });
}
