import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeelConfig } from '@keel/platform-config';
import { SecretBox } from '@keel/platform-crypto';
import { newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { IDEMPOTENCY_KEY_LIFETIME_SECONDS } from './idempotency-key';
import { idempotentResponseContext } from './idempotent-response-sealing';

/** What to do with a request carrying a key: run it under a lease, or answer with the stored response. */
export type IdempotencyClaim = { kind: 'run'; leaseId: string } | { kind: 'replay'; body: unknown };

// A lease outlives the longest request by this much, so a slow attempt still holds its key when it ends.
const LEASE_MARGIN_MS = 30_000;

// A claim loses a race only to a release in between; three rounds settle it.
const CLAIM_ROUNDS = 3;

interface ClaimedRow {
  lease_id: string;
}

interface ExistingRow {
  fingerprint: string;
  response_sealed: string | null;
}

/**
 * The store behind Idempotency-Key. A request claims its key with one upsert:
 * a new key, an expired one, or one whose earlier attempt died (its lease ran
 * out) is taken; otherwise the stored row decides — another request's
 * fingerprint → 422, a stored response → replay, an attempt still running →
 * 409. A successful response is kept sealed; a failed attempt releases the key,
 * since an error changed nothing and the client should be free to retry.
 */
@Injectable()
export class IdempotencyKeys implements OnModuleInit {
  private readonly logger = new Logger(IdempotencyKeys.name);
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly expiring: ExpiringTables,
    config: KeelConfig,
  ) {
    this.leaseMs = config.REQUEST_TIMEOUT_MS + LEASE_MARGIN_MS;
  }

  onModuleInit(): void {
    this.expiring.register({ table: 'idempotency_keys', expiresAtColumn: 'expires_at' });
  }

  async claim(principal: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const leaseId = newId();
      const claimed: ClaimedRow[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (principal, key, fingerprint, lease_id, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6))
         ON CONFLICT (principal, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, lease_id = EXCLUDED.lease_id,
               locked_until = EXCLUDED.locked_until, response_sealed = NULL,
               created_at = now(), expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= now()
              OR (idempotency_keys.response_sealed IS NULL
                  AND idempotency_keys.locked_until <= now()
                  AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
         RETURNING lease_id`,
        [principal, key, fingerprint, leaseId, this.leaseMs / 1000, IDEMPOTENCY_KEY_LIFETIME_SECONDS],
      );
      if (claimed.length > 0) return { kind: 'run', leaseId };

      const [existing]: ExistingRow[] = await this.dataSource.query(
        `SELECT fingerprint, response_sealed FROM idempotency_keys
          WHERE principal = $1 AND key = $2 AND expires_at > now()`,
        [principal, key],
      );
      if (!existing) continue; // released or expired in between: claim again
      if (existing.fingerprint !== fingerprint) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another request (method, path or body) in the last 24 hours; use a new key.',
        );
      }
      if (existing.response_sealed !== null) {
        const stored = this.secretBox.openText(existing.response_sealed, idempotentResponseContext(principal, key));
        return { kind: 'replay', body: (JSON.parse(stored) as { body?: unknown }).body };
      }
      throw new DomainError(
        'IDEMPOTENCY_KEY_IN_USE',
        'A request with this Idempotency-Key is still running; retry once it has finished.',
        { headers: { 'Retry-After': '1' } },
      );
    }
    throw new DomainError('CONFLICT', 'This Idempotency-Key is changing hands too fast; retry.');
  }

  /**
   * Keeps the successful response for replays. The effect has happened: if the
   * response cannot be stored, the caller still gets it, and the key stays
   * held until its lease runs out (a retry after that runs again).
   */
  async complete(principal: string, key: string, leaseId: string, body: unknown): Promise<void> {
    try {
      const sealed = this.secretBox.seal(JSON.stringify({ body }), idempotentResponseContext(principal, key));
      await this.dataSource.query(
        `UPDATE idempotency_keys SET response_sealed = $4 WHERE principal = $1 AND key = $2 AND lease_id = $3`,
        [principal, key, leaseId, sealed],
      );
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, msg: 'could not store the response of an idempotent request' });
    }
  }

  /** Frees the key after a failed attempt, so a retry runs the request again. */
  async release(principal: string, key: string, leaseId: string): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND lease_id = $3 AND response_sealed IS NULL`,
        [principal, key, leaseId],
      );
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, msg: 'could not release the Idempotency-Key of a failed request' });
    }
  }
}
