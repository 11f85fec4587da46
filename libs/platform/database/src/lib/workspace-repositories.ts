import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { EntityManager, EntityTarget } from 'typeorm';
import { SafeTypeOrmTransactionalAdapter } from './safe-typeorm-transactional.adapter';
import { TenantTransactions } from './tenant-transactions.service';
import { TenantTransactionScope, WorkspaceOwned, WorkspaceRepository } from './workspace-repository';

/**
 * Hands out the workspace repository of a tenant entity, bound to the
 * request context: `repositories.of(Role).findOneBy({ key })` runs in the
 * open tenant transaction's workspace. One repository per entity, kept.
 */
@Injectable()
export class WorkspaceRepositories implements TenantTransactionScope {
  private readonly repositories = new Map<EntityTarget<WorkspaceOwned>, WorkspaceRepository<WorkspaceOwned>>();

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
  ) {}

  get currentWorkspaceId(): string | undefined {
    return this.tenants.currentWorkspaceId;
  }

  get manager(): EntityManager {
    return this.txHost.tx;
  }

  of<Entity extends WorkspaceOwned>(entity: EntityTarget<Entity>): WorkspaceRepository<Entity> {
    let repository = this.repositories.get(entity);
    if (!repository) {
      repository = new WorkspaceRepository<WorkspaceOwned>(this, entity);
      this.repositories.set(entity, repository);
    }
    return repository as unknown as WorkspaceRepository<Entity>;
  }
}
