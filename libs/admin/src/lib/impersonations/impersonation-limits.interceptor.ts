import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { ActorContext } from '@keel/identity';
import { impersonationForbidden, refusedWhileImpersonating } from './impersonation-limits';

/**
 * On every route: a request made with an impersonation token to a route it
 * may not use (the user's password, email, second factor, sessions) is
 * refused with 403 IMPERSONATION_FORBIDDEN before its handler runs. The admin
 * routes refuse it in their own guard, before this runs.
 */
@Injectable()
export class ImpersonationLimitsInterceptor implements NestInterceptor {
  constructor(private readonly actors: ActorContext) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const actor = this.actors.optional;
    if (actor?.kind === 'user' && actor.impersonation && context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const route = request.routeOptions?.url ?? request.url;
      if (refusedWhileImpersonating(request.method, route)) throw impersonationForbidden();
    }
    return next.handle();
  }
}
