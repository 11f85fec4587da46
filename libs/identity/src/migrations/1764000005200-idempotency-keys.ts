import { SqlMigration } from '@keel/platform-database';

/**
 * Idempotency keys of POST requests: per caller (a user or an API key) and
 * key, the fingerprint of the first request, its lease while it runs, and its
 * response once it succeeded, sealed under the master key since responses can
 * hold secrets (API keys, invite tokens, webhook secrets). Global, like
 * sessions: the caller, not a workspace, owns a key. Rows expire after 24 h
 * and are purged by housekeeping.
 */
export class IdempotencyKeys1764000005200 extends SqlMigration {
  readonly name = 'IdempotencyKeys1764000005200';

  protected readonly upSql = `
    CREATE TABLE idempotency_keys (
      principal text NOT NULL,
      key text NOT NULL,
      fingerprint text NOT NULL,
      lease_id uuid NOT NULL,
      locked_until timestamptz NOT NULL,
      response_sealed text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT idempotency_keys_pkey PRIMARY KEY (principal, key)
    );
    CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
  `;

  protected readonly downSql = `DROP TABLE idempotency_keys;`;
}
