import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { NOT_RATE_LIMITED_ROUTE, RequestContext } from '@keel/platform-context';
import { ActorContext } from '../authentication/actor-context';
import { RequestLimits } from './request-limits';

/**
 * The global guard after authentication: counts every request against its
 * caller's bucket (the API key, else the user) or, on a route that needs no
 * credentials, its client address. Routes marked `@NotRateLimited()` (health,
 * metrics) are left alone. The workspace's bucket is the workspace guard's.
 */
@Injectable()
export class RequestLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RequestLimits,
    private readonly actors: ActorContext,
    private readonly request: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const unlimited = this.reflector.getAllAndOverride<boolean | undefined>(NOT_RATE_LIMITED_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (unlimited) return true;
    const actor = this.actors.optional;
    const bucket = actor ? this.limits.callerBucket(actor) : this.limits.addressBucket(this.request.clientAddress);
    if (bucket) await this.limits.admit(context.switchToHttp().getResponse<FastifyReply>(), bucket);
    return true;
  }
}
