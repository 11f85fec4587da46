import { SqlMigration } from '@keel/platform-database';

/**
 * The request behind an Idempotency-Key was kept as a bare SHA-256 of its
 * method, path and body; a body can hold a password, and a bare hash can be
 * tested against guesses offline. It is now kept sealed under the master key.
 * Keys claimed before this migration are dropped: a retry with one runs as a
 * new request (keys live 24 hours at most anyway).
 */
export class IdempotencyRequestSealed1764000005800 extends SqlMigration {
  readonly name = 'IdempotencyRequestSealed1764000005800';

  protected readonly upSql = `
    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys RENAME COLUMN fingerprint TO request_sealed;
  `;

  protected readonly downSql = `
    DELETE FROM idempotency_keys;
    ALTER TABLE idempotency_keys RENAME COLUMN request_sealed TO fingerprint;
  `;
}
