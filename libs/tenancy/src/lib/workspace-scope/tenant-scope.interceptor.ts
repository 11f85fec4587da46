import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TenantTransactions } from '@keel/platform-database';
import { WorkspaceScope } from './workspace-scope';

/**
 * Runs a workspace route's handler in one transaction scoped to the verified
 * workspace: every query inside sees that workspace's rows only, and its
 * writes, audit rows and events commit or roll back together.
 */
@Injectable()
export class TenantScopeInterceptor implements NestInterceptor {
  constructor(
    private readonly tenants: TenantTransactions,
    private readonly scope: WorkspaceScope,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { workspaceId } = this.scope.current;
    return from(
      this.tenants.runInTenantTransaction(workspaceId, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
    );
  }
}
