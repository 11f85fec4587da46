import { SqlMigration } from '@keel/platform-database';

/**
 * A mailed token may also confirm a change of address: `email_change` tokens
 * carry the address they were mailed to (and will set, once followed); no
 * other purpose carries one.
 */
export class EmailChangeTokens1764000006600 extends SqlMigration {
  readonly name = 'EmailChangeTokens1764000006600';

  protected readonly upSql = `
    ALTER TABLE user_tokens ADD COLUMN email text NULL;
    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'email_change'));
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_email_check
      CHECK ((purpose = 'email_change') = (email IS NOT NULL));
  `;

  protected readonly downSql = `
    DELETE FROM user_tokens WHERE purpose = 'email_change';
    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_email_check;
    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset'));
    ALTER TABLE user_tokens DROP COLUMN email;
  `;
}
