import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, Observable, switchMap, tap } from 'rxjs';
import { WorkspaceScope } from '@keel/tenancy';
import { BuiltInUsageCounter } from './metering/built-in-usage-counter';
import { EntitlementWarnings } from './entitlements/entitlement-warnings';
import { PastDueWrites } from './dunning/past-due-writes';
import { BILLING_CONTROLLERS } from './billing-controllers';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const ENTITLEMENT_WARNING_HEADER = 'Keel-Entitlement-Warning';

/**
 * On every route: counts the request for `api_requests` when it is an
 * authenticated workspace request (the workspace guard, which runs before any
 * interceptor, let it in), and puts the soft limits it went past in
 * `Keel-Entitlement-Warning` on its (successful) response. A write to a
 * workspace whose past-due grace period is over is refused (402
 * SUBSCRIPTION_PAST_DUE) unless it is billing's own (changing plan, usage).
 */
@Injectable()
export class BillingInterceptor implements NestInterceptor {
  constructor(
    private readonly warnings: EntitlementWarnings,
    private readonly scope: WorkspaceScope,
    private readonly apiRequests: BuiltInUsageCounter,
    private readonly pastDue: PastDueWrites,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const workspaceId = this.scope.verifiedWorkspaceId;
    if (workspaceId) this.apiRequests.count(workspaceId);
    this.warnings.begin();
    const method =
      context.getType() === 'http' ? context.switchToHttp().getRequest<{ method: string }>().method : 'GET';
    const checked =
      workspaceId && !READS.has(method) && !BILLING_CONTROLLERS.includes(context.getClass())
        ? from(this.pastDue.assertWritable(workspaceId)).pipe(switchMap(() => next.handle()))
        : next.handle();
    return checked.pipe(
      tap(() => {
        const warnings = this.warnings.taken();
        if (warnings.length === 0 || context.getType() !== 'http') return;
        context.switchToHttp().getResponse<FastifyReply>().header(ENTITLEMENT_WARNING_HEADER, warnings.join(', '));
      }),
    );
  }
}
