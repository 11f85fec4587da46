import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@keel/platform-errors';
import { Actor } from './actor';
import { ActorContext } from './actor-context';
import { BEARER_STRATEGY } from './bearer.strategy';
import { PUBLIC_ROUTE } from '@keel/platform-context';

/**
 * The global guard: every route needs a bearer credential unless it is marked
 * `@Public()`. The caller it resolves is kept in the request context.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(BEARER_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorContext,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    await super.canActivate(context);
    // Set here, not in handleRequest: passport's callbacks run outside the request's async context.
    const request = context.switchToHttp().getRequest<{ user?: Actor }>();
    if (!request.user) throw unauthenticated();
    this.actors.set(request.user);
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
