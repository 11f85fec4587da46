import { SqlMigration } from '@keel/platform-database';

export class Users1764000000100 extends SqlMigration {
  readonly name = 'Users1764000000100';

  protected readonly upSql = `
    CREATE TABLE users (
      id uuid NOT NULL,
      email text NOT NULL,
      email_key text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      email_verified_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_pkey PRIMARY KEY (id),
      CONSTRAINT users_email_key_key UNIQUE (email_key)
    );
  `;

  protected readonly downSql = `DROP TABLE users;`;
}
