import { SqlMigration } from '@keel/platform-database';

/** Token buckets of the request rate limits, when RATE_LIMIT_STORE=postgres (a global table: no workspace). */
export class RequestBuckets1764000020200 extends SqlMigration {
  readonly name = 'RequestBuckets1764000020200';

  protected readonly upSql = `
    CREATE TABLE request_buckets (
      key_hash text NOT NULL,
      tokens double precision NOT NULL,
      allowed boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      full_at timestamptz NOT NULL,
      CONSTRAINT request_buckets_pkey PRIMARY KEY (key_hash)
    );
    CREATE INDEX request_buckets_full_at_idx ON request_buckets (full_at);
  `;

  protected readonly downSql = `DROP TABLE request_buckets;`;
}
