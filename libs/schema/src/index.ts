import {
  identityEntities,
  identityMigrations,
  identityMigrationsAfterTenancy,
  identitySealedColumns,
} from '@keel/identity';
import type { SealedColumn } from '@keel/platform-crypto';
import { platformDatabaseMigrations, platformRetentionMigrations } from '@keel/platform-database';
import { documentsEntities, documentsMigrations } from '@keel/documents';
import { eventsEntities, eventsMigrations } from '@keel/events';
import { jobsEntities, jobsMigrations } from '@keel/jobs';
import { adminEntities, adminMigrations } from '@keel/admin';
import { billingEntities, billingMigrations } from '@keel/billing';
import { aiToolsEntities, aiToolsMigrations, aiToolsSealedColumns } from '@keel/ai-tools';
import { automationEntities, automationMigrations, webhookSealedColumns } from '@keel/automation';
import { releaseGatesEntities, releaseGatesMigrations, releaseGatesSealedColumns } from '@keel/release-gates';
import { tenancyEntities, tenancyMigrations } from '@keel/tenancy';
import { workflowsEntities, workflowsMigrations } from '@keel/workflows';

export { keelContexts, keelConfigSchemas, keelContextModules } from './lib/keel-contexts';
export type { KeelContext } from './lib/keel-context';
export { keelApiTags } from './lib/keel-api-tags';

/**
 * Keel's whole database schema: every context's entities and every migration,
 * gathered in one ordered list that the apps, `db:migrate` and `db:check` share.
 * A new context appends its lists here, after the contexts it depends on.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const keelEntities: Function[] = [
  ...identityEntities,
  ...tenancyEntities,
  ...eventsEntities,
  ...workflowsEntities,
  ...jobsEntities,
  ...automationEntities,
  ...releaseGatesEntities,
  ...billingEntities,
  ...documentsEntities,
  ...adminEntities,
  ...aiToolsEntities,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const keelMigrations: Function[] = [
  ...platformDatabaseMigrations,
  ...platformRetentionMigrations,
  ...identityMigrations,
  ...tenancyMigrations,
  ...identityMigrationsAfterTenancy,
  ...eventsMigrations,
  ...workflowsMigrations,
  ...jobsMigrations,
  ...automationMigrations,
  ...releaseGatesMigrations,
  ...billingMigrations,
  ...documentsMigrations,
  ...adminMigrations,
  ...aiToolsMigrations,
];

/**
 * Every column holding values sealed under the master key, for `crypto:rotate`.
 * A context that seals a column exports it (with the associated data it seals
 * with) and appends it here.
 */
export const keelSealedColumns: SealedColumn[] = [
  ...identitySealedColumns,
  ...webhookSealedColumns,
  ...aiToolsSealedColumns,
  ...releaseGatesSealedColumns,
];
