import { SqlMigration } from '@keel/platform-database';

/**
 * TOTP MFA: one authenticator per user (its secret sealed under the master
 * key, the last time step it accepted so a code works once), ten single-use
 * recovery codes stored as SHA-256, the assurance each session was signed in
 * with, and the short-lived token that carries a password sign-in to its
 * second step. Global like users: no workspace, no row-level security.
 */
export class Mfa1764000014500 extends SqlMigration {
  readonly name = 'Mfa1764000014500';

  protected readonly upSql = `
    CREATE TABLE mfa_totp_factors (
      user_id uuid NOT NULL,
      secret_sealed text NOT NULL,
      confirmed_at timestamptz NULL,
      last_used_step bigint NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT mfa_totp_factors_pkey PRIMARY KEY (user_id),
      CONSTRAINT mfa_totp_factors_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );

    CREATE TABLE mfa_recovery_codes (
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      code_hash text NOT NULL,
      used_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT mfa_recovery_codes_pkey PRIMARY KEY (id),
      CONSTRAINT mfa_recovery_codes_code_hash_key UNIQUE (code_hash),
      CONSTRAINT mfa_recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    CREATE INDEX mfa_recovery_codes_user_id_idx ON mfa_recovery_codes (user_id);

    ALTER TABLE sessions
      ADD COLUMN aal text NOT NULL DEFAULT 'aal1',
      ADD COLUMN amr text[] NOT NULL DEFAULT '{pwd}',
      ADD COLUMN authenticated_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT sessions_aal_check CHECK (aal IN ('aal1', 'aal2'));

    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'email_change', 'mfa_sign_in'));
  `;

  protected readonly downSql = `
    DELETE FROM user_tokens WHERE purpose = 'mfa_sign_in';
    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'email_change'));
    ALTER TABLE sessions DROP CONSTRAINT sessions_aal_check,
      DROP COLUMN authenticated_at, DROP COLUMN amr, DROP COLUMN aal;
    DROP TABLE mfa_recovery_codes;
    DROP TABLE mfa_totp_factors;
  `;
}
