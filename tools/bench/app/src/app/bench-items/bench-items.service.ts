import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { notFound } from '@keel/platform-errors';
import { BenchItem } from './bench-item.entity';

@Injectable()
export class BenchItemsService {
  constructor(
    private readonly tenantTransactions: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
  ) {}

  /** One indexed read in a tenant transaction: another workspace's item is simply not found (RLS). */
  get(workspaceId: string, itemId: string): Promise<BenchItem> {
    return this.tenantTransactions.runInTenantTransaction(workspaceId, async () => {
      const item = await this.txHost.tx.getRepository(BenchItem).findOneBy({ workspaceId, id: itemId });
      if (!item) throw notFound('Bench item');
      return item;
    });
  }
}
