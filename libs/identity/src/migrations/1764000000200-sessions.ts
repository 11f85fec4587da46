import { SqlMigration } from '@keel/platform-database';

export class Sessions1764000000200 extends SqlMigration {
  readonly name = 'Sessions1764000000200';

  protected readonly upSql = `
    CREATE TABLE sessions (
      id uuid NOT NULL,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NULL,
      revoked_reason text NULL,
      user_agent text NULL,
      client_address text NULL,
      CONSTRAINT sessions_pkey PRIMARY KEY (id),
      CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    CREATE INDEX sessions_user_id_idx ON sessions (user_id);

    CREATE TABLE refresh_tokens (
      id uuid NOT NULL,
      session_id uuid NOT NULL,
      token_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      spent_at timestamptz NULL,
      successor_id uuid NULL,
      successor_sealed text NULL,
      CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
      CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
      CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
    );
    CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
  `;

  protected readonly downSql = `DROP TABLE refresh_tokens; DROP TABLE sessions;`;
}
