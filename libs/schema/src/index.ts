import { platformDatabaseMigrations } from '@keel/platform-database';

/**
 * Keel's whole database schema: every context's entities and every migration,
 * gathered in one ordered list that the apps, `db:migrate` and `db:check` share.
 * A new context appends its lists here, after the contexts it depends on.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const keelEntities: Function[] = [];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const keelMigrations: Function[] = [...platformDatabaseMigrations];
