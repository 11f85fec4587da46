import { SqlMigration } from '../lib/sql-migration';

/**
 * The days each retention rule keeps its rows, as a platform operator set
 * them (GET/PUT /v1/admin/retention). A global table: retention is the
 * platform's, not a workspace's. A rule without a row keeps its default.
 */
export class RetentionSettings1764000017500 extends SqlMigration {
  readonly name = 'RetentionSettings1764000017500';

  protected readonly upSql = `
    CREATE TABLE platform_retention (
      key text NOT NULL,
      days integer NOT NULL CHECK (days > 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      CONSTRAINT platform_retention_pkey PRIMARY KEY (key)
    );
  `;

  protected readonly downSql = `DROP TABLE platform_retention;`;
}
