import { SqlMigration } from '@keel/platform-database';

/**
 * OIDC sign-in. `oidc_authorization_requests`: one row per sign-in started at
 * a provider, found again by the SHA-256 of its `state` and spent once by the
 * callback; its nonce and PKCE verifier sealed under the master key; short-lived
 * (purged by housekeeping). `user_identities`: an account's link to a provider's
 * subject (one account per provider and subject). A password becomes optional:
 * an account made by a provider has none until its owner sets one (password reset).
 * Two mailed-token purposes: the single-use code that hands a finished provider
 * sign-in to the client, and the MFA step of such a sign-in.
 * Global like users: no workspace, no row-level security.
 */
export class OidcSignIn1764000016100 extends SqlMigration {
  readonly name = 'OidcSignIn1764000016100';

  protected readonly upSql = `
    CREATE TABLE oidc_authorization_requests (
      id uuid NOT NULL,
      provider text NOT NULL,
      state_hash text NOT NULL,
      secrets_sealed text NOT NULL,
      redirect_uri text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT oidc_authorization_requests_pkey PRIMARY KEY (id),
      CONSTRAINT oidc_authorization_requests_state_hash_key UNIQUE (state_hash)
    );

    CREATE TABLE user_identities (
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      provider text NOT NULL,
      subject text NOT NULL,
      email text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT user_identities_pkey PRIMARY KEY (id),
      CONSTRAINT user_identities_provider_subject_key UNIQUE (provider, subject),
      CONSTRAINT user_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

    ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'email_change', 'mfa_sign_in', 'oidc_sign_in', 'oidc_mfa_sign_in'));
  `;

  protected readonly downSql = `
    DELETE FROM user_tokens WHERE purpose IN ('oidc_sign_in', 'oidc_mfa_sign_in');
    ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
    ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
      CHECK (purpose IN ('email_verification', 'password_reset', 'email_change', 'mfa_sign_in'));
    DELETE FROM users WHERE password_hash IS NULL;
    ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
    DROP TABLE user_identities;
    DROP TABLE oidc_authorization_requests;
  `;
}
