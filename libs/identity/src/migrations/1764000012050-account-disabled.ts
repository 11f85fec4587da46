import { SqlMigration } from '@keel/platform-database';

/**
 * An account can be disabled by the platform operators (sign-in, refresh and
 * the MFA step then answer 403 ACCOUNT_DISABLED). The column is identity's
 * (`User.disabledAt`), so it is added by identity's migrations, which every
 * schema holding `users` runs; the admin context only sets it. IF NOT EXISTS:
 * a database migrated while the admin context still added it keeps its column.
 */
export class AccountDisabled1764000012050 extends SqlMigration {
  readonly name = 'AccountDisabled1764000012050';

  protected readonly upSql = `ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled_at timestamptz NULL;`;

  protected readonly downSql = `ALTER TABLE users DROP COLUMN disabled_at;`;
}
