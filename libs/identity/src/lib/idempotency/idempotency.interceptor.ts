import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, from, Observable, of, switchMap, throwError } from 'rxjs';
import { actorReference } from '../authentication/actor';
import { ActorContext } from '../authentication/actor-context';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
  requestFingerprintText,
} from './idempotency-key';
import { IdempotencyKeys } from './idempotency-keys.service';

/**
 * Honours `Idempotency-Key` on authenticated POSTs: the first request with a
 * key runs; a retry with the same key and request within 24 h gets the first
 * successful response again (marked `Idempotent-Replayed: true`) instead of
 * acting twice. Public routes (sign-up, sign-in, refresh, …) ignore the header:
 * without a caller there is nobody to keep the key for, and refresh has its own
 * retry window.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly actors: ActorContext,
    private readonly keys: IdempotencyKeys,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    const actor = this.actors.optional;
    if (request.method !== 'POST' || header === undefined || !actor) return next.handle();

    const key = parseIdempotencyKey(header);
    const { type, id } = actorReference(actor);
    const principal = `${type}:${id}`;
    const requestText = requestFingerprintText(request.method, request.url, request.body);

    return from(this.keys.claim(principal, key, requestText)).pipe(
      switchMap((claim) => {
        if (claim.kind === 'replay') {
          context.switchToHttp().getResponse<FastifyReply>().header(IDEMPOTENT_REPLAYED_HEADER, 'true');
          return of(claim.body);
        }
        return next.handle().pipe(
          concatMap(async (body: unknown) => {
            await this.keys.complete(principal, key, claim.leaseId, body);
            return body;
          }),
          catchError((error: unknown) =>
            from(this.keys.release(principal, key, claim.leaseId)).pipe(switchMap(() => throwError(() => error))),
          ),
        );
      }),
    );
  }
}
