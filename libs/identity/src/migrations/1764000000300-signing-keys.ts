import { SqlMigration } from '@keel/platform-database';

/** The keys that sign access tokens: global (no workspace, no row-level security), the private half sealed. */
export class SigningKeys1764000000300 extends SqlMigration {
  readonly name = 'SigningKeys1764000000300';

  protected readonly upSql = `
    CREATE TABLE signing_keys (
      id text NOT NULL PRIMARY KEY,
      algorithm text NOT NULL,
      public_jwk jsonb NOT NULL,
      private_key_sealed text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    );
  `;

  protected readonly downSql = `DROP TABLE signing_keys;`;
}
