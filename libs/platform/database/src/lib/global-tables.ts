import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { DataSource, EntityManager } from 'typeorm';
import { SafeTypeOrmTransactionalAdapter } from './safe-typeorm-transactional.adapter';

/**
 * The unscoped door for global tables (users, sessions, refresh and mailed
 * tokens: no workspace_id, no row-level security), which account routes read
 * outside any tenant transaction. It is what `txHost.tx` used to do silently
 * for everyone; now only code that names it gets the pool, and tenant code
 * that forgot its transaction fails (OutsideTransactionError).
 */
@Injectable()
export class GlobalTables {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The open transaction's manager, so a global write commits with the work
   * around it (a sign-up's user row with its session); outside one, the pool's,
   * as the login role.
   */
  get manager(): EntityManager {
    return this.txHost.isTransactionActive() ? this.txHost.tx : this.dataSource.manager;
  }

  /** Runs `fn` in one transaction as the login role, or inside the open one; services within reach it through `manager`. */
  runUnscoped<T>(fn: () => Promise<T>): Promise<T> {
    return this.txHost.withTransaction(fn);
  }
}
