import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { ClsModule } from 'nestjs-cls';
import { DatabaseConnectionSettings, dataSourceOptions } from './data-source-options';
import { SafeTypeOrmTransactionalAdapter } from './safe-typeorm-transactional.adapter';
import { GlobalTables } from './global-tables';
import { TenantTransactions } from './tenant-transactions.service';
import { WorkspaceRepositories } from './workspace-repositories';
import { PG_NOTIFICATIONS_URL, PgNotifications } from './pg-notifications';
import { RetentionPolicies } from './retention/retention-policies';

/**
 * The TypeORM DataSource plus request-scoped transactions: services called
 * through a door of TenantTransactions or GlobalTables (see
 * transaction-doors.ts) join the caller's transaction through the CLS context.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseConnectionSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings), retryAttempts: 3, retryDelay: 1000 }),
        ClsModule.registerPlugins([
          new ClsPluginTransactional({
            imports: [TypeOrmModule],
            adapter: new SafeTypeOrmTransactionalAdapter({ dataSourceToken: getDataSourceToken() }),
          }),
        ]),
      ],
      providers: [
        TenantTransactions,
        GlobalTables,
        WorkspaceRepositories,
        { provide: PG_NOTIFICATIONS_URL, useValue: settings.url },
        PgNotifications,
        RetentionPolicies,
      ],
      exports: [
        TenantTransactions,
        GlobalTables,
        WorkspaceRepositories,
        TypeOrmModule,
        PgNotifications,
        RetentionPolicies,
      ],
    };
  }
}
