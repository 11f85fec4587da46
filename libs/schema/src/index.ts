import { identityEntities, identityMigrations, identityMigrationsAfterTenancy } from '@keel/identity';
import { platformDatabaseMigrations } from '@keel/platform-database';
import { eventsEntities, eventsMigrations } from '@keel/events';
import { tenancyEntities, tenancyMigrations } from '@keel/tenancy';
import { workflowsEntities, workflowsMigrations } from '@keel/workflows';

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
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const keelMigrations: Function[] = [
  ...platformDatabaseMigrations,
  ...identityMigrations,
  ...tenancyMigrations,
  ...identityMigrationsAfterTenancy,
  ...eventsMigrations,
  ...workflowsMigrations,
];
