import { SqlMigration } from '@keel/platform-database';

/** Fixed-window counters of the abuse limits (sign-ups, password resets, invites, mails), beside the sign-in throttle. */
export class RateLimitCounters1764000005900 extends SqlMigration {
  readonly name = 'RateLimitCounters1764000005900';

  protected readonly upSql = `
    CREATE TABLE rate_limit_counters (
      key_hash text NOT NULL,
      hits integer NOT NULL,
      window_ends_at timestamptz NOT NULL,
      CONSTRAINT rate_limit_counters_pkey PRIMARY KEY (key_hash)
    );
    CREATE INDEX rate_limit_counters_window_ends_at_idx ON rate_limit_counters (window_ends_at);
  `;

  protected readonly downSql = `DROP TABLE rate_limit_counters;`;
}
