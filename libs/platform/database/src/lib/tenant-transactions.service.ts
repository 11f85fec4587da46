import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from './safe-typeorm-transactional.adapter';
import { ClsService } from 'nestjs-cls';
import { restrictedScopeOpening, tenantScopeOpening } from './transaction-doors';

const TENANT_KEY = 'tenantWorkspaceId';

/**
 * The tenant and restricted doors of transaction-doors.ts inside the request
 * context: services called inside reach the transaction through
 * `TransactionHost.tx` (the request context carries it), so no manager is
 * passed around. Joining an open transaction of the same workspace is allowed;
 * mixing workspaces in one transaction is a bug.
 */
@Injectable()
export class TenantTransactions {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly cls: ClsService,
  ) {}

  async runInTenantTransaction<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) {
      const current = this.cls.get<string | undefined>(TENANT_KEY);
      if (current === workspaceId) return fn();
      throw new Error(
        current
          ? 'A tenant transaction for another workspace is already open.'
          : 'A tenant transaction cannot join an open transaction that is not scoped to a workspace.',
      );
    }
    const opening = tenantScopeOpening(workspaceId);
    return this.cls.run({ ifNested: 'inherit' }, () =>
      this.txHost.withTransaction({ opening }, async () => {
        this.cls.set(TENANT_KEY, workspaceId);
        try {
          return await fn();
        } finally {
          this.cls.set(TENANT_KEY, undefined);
        }
      }),
    );
  }

  /**
   * Runs work in a restricted transaction (see restrictedScopeOpening): no
   * workspace's rows, only what the named settings' policies reveal. It never
   * joins an open transaction.
   */
  async runInRestrictedScope<T>(settings: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) {
      throw new Error('A restricted transaction cannot join an open transaction.');
    }
    const opening = restrictedScopeOpening(settings);
    return this.cls.run({ ifNested: 'inherit' }, () => this.txHost.withTransaction({ opening }, fn));
  }

  /** The workspace of the open tenant transaction, if any. */
  get currentWorkspaceId(): string | undefined {
    return this.cls.isActive() ? this.cls.get<string | undefined>(TENANT_KEY) : undefined;
  }
}
