import { DatabaseRoles1763800000000 } from './1763800000000-database-roles';
import { RetentionSettings1764000017500 } from './1764000017500-retention-settings';

/** The platform's migrations, in order. The app gathers every lib's list into one. */
export const platformDatabaseMigrations = [DatabaseRoles1763800000000, RetentionSettings1764000017500];
