import { DatabaseRoles1763800000000 } from './1763800000000-database-roles';
import { RetentionSettings1764000017500 } from './1764000017500-retention-settings';

/** The platform's migrations, in order. The app gathers every lib's list into one. */
export const platformDatabaseMigrations = [DatabaseRoles1763800000000];

/**
 * The retention settings' table (RetentionPolicies), which only an app with
 * retention rules needs: a list of its own, so a kernel test database is
 * the roles alone.
 */
export const platformRetentionMigrations = [RetentionSettings1764000017500];
