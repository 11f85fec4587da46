import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KeelConfig } from '@keel/platform-config';
import { SecretBox, sha256Hex } from '@keel/platform-crypto';
import { newId, runUnscoped } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { IDEMPOTENCY_KEY_LIFETIME_SECONDS } from './idempotency-key';
import { idempotentRequestContext, idempotentResponseContext } from './idempotent-response-sealing';

/** What to do with a request carrying a key: run it under a lease, or answer with the stored response. */
export type IdempotencyClaim = { kind: 'run'; leaseId: string } | { kind: 'replay'; body: unknown };

// A lease outlives the longest request by this much, so a slow attempt still holds its key when it ends.
const LEASE_MARGIN_MS = 30_000;

// A claim loses a race only to a release in between; three rounds settle it.
const CLAIM_ROUNDS = 3;

interface ExistingRow {
  request_sealed: string;
  response_sealed: string | null;
  expired: boolean;
  lease_over: boolean;
}

/**
 * The store behind Idempotency-Key. A request claims its key in one short
 * transaction: a new key is inserted; otherwise the row, locked, decides — an
 * expired key or a dead attempt's (its lease ran out, same request) is taken
 * over, another request → 422, a stored response → replay, an attempt still
 * running → 409. A successful response is kept sealed; a failed attempt
 * releases the key, since an error changed nothing and the client should be
 * free to retry.
 *
 * The request is kept as its SHA-256, sealed under the master key (a body can
 * hold a password: a bare hash could be tested against guesses offline), so
 * two requests are compared after opening it, never in SQL.
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

  /** `request` is the canonical text of the request (requestFingerprintText). */
  async claim(principal: string, key: string, request: string): Promise<IdempotencyClaim> {
    const digest = sha256Hex(request);
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const claim = await runUnscoped(this.dataSource, (manager) => this.claimOnce(manager, principal, key, digest));
      if (claim) return claim;
    }
    throw new DomainError('CONFLICT', 'This Idempotency-Key is changing hands too fast; retry.');
  }

  /** One round; undefined when the row went away between the insert and the read (a release): try again. */
  private async claimOnce(
    manager: EntityManager,
    principal: string,
    key: string,
    digest: string,
  ): Promise<IdempotencyClaim | undefined> {
    const leaseId = newId();
    const requestSealed = this.secretBox.seal(digest, idempotentRequestContext(principal, key));
    const lease = [leaseId, this.leaseMs / 1000, IDEMPOTENCY_KEY_LIFETIME_SECONDS];
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (principal, key, request_sealed, lease_id, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6))
       ON CONFLICT (principal, key) DO NOTHING
       RETURNING lease_id`,
      [principal, key, requestSealed, ...lease],
    );
    if (inserted.length > 0) return { kind: 'run', leaseId };

    const [existing]: ExistingRow[] = await manager.query(
      `SELECT request_sealed, response_sealed, expires_at <= now() AS expired, locked_until <= now() AS lease_over
         FROM idempotency_keys WHERE principal = $1 AND key = $2 FOR UPDATE`,
      [principal, key],
    );
    if (!existing) return undefined;
    const sameRequest =
      !existing.expired &&
      this.secretBox.openText(existing.request_sealed, idempotentRequestContext(principal, key)) === digest;
    if (existing.expired || (sameRequest && existing.response_sealed === null && existing.lease_over)) {
      // A key past its 24 hours is new again; a dead attempt's is taken over by its retry.
      await manager.query(
        `UPDATE idempotency_keys
            SET request_sealed = $3, lease_id = $4, locked_until = now() + make_interval(secs => $5),
                expires_at = CASE WHEN expires_at <= now() THEN now() + make_interval(secs => $6) ELSE expires_at END,
                created_at = CASE WHEN expires_at <= now() THEN now() ELSE created_at END,
                response_sealed = NULL
          WHERE principal = $1 AND key = $2`,
        [principal, key, requestSealed, ...lease],
      );
      return { kind: 'run', leaseId };
    }
    if (!sameRequest) {
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
      this.logger.warn({
        err: { message: (error as Error).message },
        msg: 'could not store the response of an idempotent request',
      });
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
      this.logger.warn({
        err: { message: (error as Error).message },
        msg: 'could not release the Idempotency-Key of a failed request',
      });
    }
  }
}
