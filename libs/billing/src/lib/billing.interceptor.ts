import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { WorkspaceScope } from '@keel/tenancy';
import { ApiRequestMeter } from './metering/api-request-meter';
import { EntitlementWarnings } from './entitlements/entitlement-warnings';

export const ENTITLEMENT_WARNING_HEADER = 'Keel-Entitlement-Warning';

/**
 * On every route: counts the request for `api_requests` when it is an
 * authenticated workspace request (the workspace guard, which runs before any
 * interceptor, let it in), and puts the soft limits it went past in
 * `Keel-Entitlement-Warning` on its (successful) response.
 */
@Injectable()
export class BillingInterceptor implements NestInterceptor {
  constructor(
    private readonly warnings: EntitlementWarnings,
    private readonly scope: WorkspaceScope,
    private readonly apiRequests: ApiRequestMeter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const workspaceId = this.scope.verifiedWorkspaceId;
    if (workspaceId) this.apiRequests.count(workspaceId);
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
