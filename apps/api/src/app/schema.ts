import { platformDatabaseMigrations } from '@keel/platform-database';

/**
 * Every entity and every migration of Keel, gathered in one ordered list.
 * Each context lib exports its own; append them here in dependency order.
 */
export const entities = [];
export const migrations = [...platformDatabaseMigrations];
