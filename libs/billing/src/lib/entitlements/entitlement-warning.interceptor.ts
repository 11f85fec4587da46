import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { EntitlementWarnings } from './entitlement-warnings';

export const ENTITLEMENT_WARNING_HEADER = 'Keel-Entitlement-Warning';

/** Puts the soft limits the request went past in `Keel-Entitlement-Warning` on its (successful) response. */
@Injectable()
export class EntitlementWarningInterceptor implements NestInterceptor {
  constructor(private readonly warnings: EntitlementWarnings) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.warnings.begin();
    return next.handle().pipe(
      tap(() => {
        const warnings = this.warnings.taken();
        if (warnings.length === 0 || context.getType() !== 'http') return;
        context.switchToHttp().getResponse<FastifyReply>().header(ENTITLEMENT_WARNING_HEADER, warnings.join(', '));
      }),
    );
  }
}
