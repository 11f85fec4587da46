import { SqlMigration } from '@keel/platform-database';

export class SignInThrottles1764000000400 extends SqlMigration {
  readonly name = 'SignInThrottles1764000000400';

  protected readonly upSql = `
    CREATE TABLE sign_in_throttles (
      key_hash text NOT NULL,
      failures integer NOT NULL,
      locked_until timestamptz NULL,
      expires_at timestamptz NOT NULL,
      CONSTRAINT sign_in_throttles_pkey PRIMARY KEY (key_hash)
    );
    CREATE INDEX sign_in_throttles_expires_at_idx ON sign_in_throttles (expires_at);
  `;

  protected readonly downSql = `DROP TABLE sign_in_throttles;`;
}
