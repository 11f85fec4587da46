import { SqlMigration } from '@keel/platform-database';

/**
 * Single-use tokens mailed to a user (email verification, password reset),
 * stored as their SHA-256 only. Global like users: no workspace, no
 * row-level security. Expired rows are purged by housekeeping.
 */
export class UserTokens1764000000600 extends SqlMigration {
  readonly name = 'UserTokens1764000000600';

  protected readonly upSql = `
    CREATE TABLE user_tokens (
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      purpose text NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT user_tokens_pkey PRIMARY KEY (id),
      CONSTRAINT user_tokens_token_hash_key UNIQUE (token_hash),
      CONSTRAINT user_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
      CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('email_verification', 'password_reset'))
    );
    CREATE INDEX user_tokens_user_id_purpose_idx ON user_tokens (user_id, purpose);
  `;

  protected readonly downSql = `DROP TABLE user_tokens;`;
}
