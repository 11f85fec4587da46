export { DatabaseModule } from './lib/database.module';
export { dataSourceOptions } from './lib/data-source-options';
export type { DatabaseConnectionSettings } from './lib/data-source-options';
export { SnakeNamingStrategy } from './lib/snake-naming.strategy';
export { newId } from './lib/new-id';
export { DATABASE_APP_ROLE, DATABASE_OWNER_ROLE } from './lib/database-roles';
export { SqlMigration } from './lib/sql-migration';
export { runPendingMigrations, migrationsAreCurrent } from './lib/migrate';
export { pendingSchemaChanges } from './lib/schema-drift';
export { SafeTypeOrmTransactionalAdapter, OutsideTransactionError } from './lib/safe-typeorm-transactional.adapter';
export {
  runInTenantTransaction,
  runInRestrictedScope,
  runAsPlatformOwner,
  runUnscoped,
  NO_WORKSPACE_ID,
} from './lib/transaction-doors';
export { TenantTransactions } from './lib/tenant-transactions.service';
export { GlobalTables } from './lib/global-tables';
export { WorkspaceRepositories } from './lib/workspace-repositories';
export { WorkspaceRepository, OutsideTenantTransactionError } from './lib/workspace-repository';
export type {
  WorkspaceOwned,
  WorkspaceWhere,
  NewWorkspaceRow,
  WorkspaceRowChanges,
  WorkspaceFindOptions,
} from './lib/workspace-repository';
export { startEmbeddedPostgres, findFreePort } from './lib/embedded-postgres';
export type { EmbeddedPostgresOptions, RunningEmbeddedPostgres } from './lib/embedded-postgres';
export { poolStats } from './lib/pool-stats';
export type { PoolStats } from './lib/pool-stats';
export { platformDatabaseMigrations, platformRetentionMigrations } from './migrations';
export { registerPoolMetrics } from './lib/pool-metrics';
export { createThrowawayDatabase } from './lib/throwaway-database';
export type { ThrowawayDatabase, ThrowawayDatabaseOptions } from './lib/throwaway-database';
export { tenantIsolationSql, housekeepingPolicySql } from './lib/tenant-table-sql';
export { PageQuery, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './lib/page-query.dto';
export { encodeCursor, decodeCursor, decodeIdCursor, toPage } from './lib/pagination';
export type { Page } from './lib/pagination';
export { isUniqueViolation } from './lib/unique-violation';
export { PgNotifications } from './lib/pg-notifications';
export { queryRows } from './lib/query-rows';
export { deleteInBatches, DELETE_BATCH_SIZE } from './lib/delete-in-batches';
export { RetentionPolicies } from './lib/retention/retention-policies';
export type { RetentionSetting } from './lib/retention/retention-policies';
export type { RetentionRule, RetentionTarget } from './lib/retention/retention-rule';
export { insertRows } from './lib/insert-rows';
export { TrailQuery, whereTrail } from './lib/trail-query.dto';
export type { TrailFilter } from './lib/trail-query.dto';
