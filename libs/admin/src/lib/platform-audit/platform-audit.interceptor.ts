import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { DomainError } from '@keel/platform-errors';
import { PlatformAuditLog } from './platform-audit-log.service';

export const ADMIN_ACTION = 'keel:admin-action';

/** The path parameter naming what an admin route acts on, and the target type it stands for. */
const TARGET_PARAMS: readonly (readonly [string, string])[] = [
  ['workspaceId', 'workspace'],
  ['userId', 'user'],
  ['jobId', 'job'],
  ['impersonationId', 'impersonation'],
  ['importId', 'import'],
];

/**
 * Writes one platform audit entry per admin request once it has been
 * answered, successfully or not: the route's action, its target (from the
 * path, or the body's `userId`), the reason the admin gave and the status.
 */
@Injectable()
export class PlatformAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: PlatformAuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string>(ADMIN_ACTION, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Params: Record<string, string>; Body: unknown }>>();
    const reply = http.getResponse<FastifyReply>();
    const entry = (status: number) => this.audit.record({ action, ...describe(request), data: { status } });
    return next.handle().pipe(
      mergeMap((value) => from(entry(reply.statusCode).then(() => value))),
      catchError((error: unknown) =>
        from(entry(error instanceof DomainError ? error.status : statusOf(error))).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}

function describe(request: FastifyRequest<{ Params: Record<string, string>; Body: unknown }>): {
  target?: { type: string; id: string };
  reason?: string;
} {
  const params = request.params ?? {};
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const fromPath = TARGET_PARAMS.find(([name]) => typeof params[name] === 'string');
  const target = fromPath
    ? { type: fromPath[1], id: params[fromPath[0]] }
    : typeof body['userId'] === 'string'
      ? { type: 'user', id: body['userId'] }
      : undefined;
  const reason = typeof body['reason'] === 'string' ? body['reason'].slice(0, 1000) : undefined;
  return { ...(target ? { target } : {}), ...(reason ? { reason } : {}) };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; getStatus?: () => number }) ?? {};
  if (typeof status.getStatus === 'function') return status.getStatus();
  return typeof status.status === 'number' ? status.status : 500;
}
