import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@keel/platform-crypto';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { runUnscoped } from '@keel/platform-database';
import { emailKey } from '../users/email-address';
import { IdentityConfig } from '../identity-config';

export interface SignInSubject {
  email: string;
  /** The client address as Fastify resolved it: X-Forwarded-For counts only behind a trusted proxy (TRUST_PROXY). */
  clientAddress?: string;
}

interface ThrottleKey {
  hash: string;
  freeAttempts: number;
}

/**
 * Brute-force protection for sign-in: the attempt that uses up the free
 * attempts, and each failed one after, makes the next attempt wait, doubling each
 * time (SIGN_IN_FIRST_LOCK_SECONDS, by default 1 s; then twice, four times
 * that … up to SIGN_IN_MAX_LOCK_SECONDS), per account and per client address. Counted for
 * unknown emails exactly as for real ones, so the answer never tells whether
 * an account exists. Kept in PostgreSQL: every API process sees one count.
 */
@Injectable()
export class SignInThrottle implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly expiring: ExpiringTables,
  ) {}

  onModuleInit(): void {
    this.expiring.register({ table: 'sign_in_throttles', expiresAtColumn: 'expires_at' });
  }

  private keys(subject: SignInSubject): ThrottleKey[] {
    const keys = [
      {
        hash: sha256Hex(`account:${emailKey(subject.email)}`),
        freeAttempts: this.config.SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT,
      },
    ];
    if (subject.clientAddress) {
      keys.push({
        hash: sha256Hex(`address:${subject.clientAddress}`),
        freeAttempts: this.config.SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS,
      });
    }
    return keys;
  }

  /**
   * Admits one attempt, or throws 429 TOO_MANY_ATTEMPTS with Retry-After while
   * the account or the address must wait. An admitted attempt is counted as a
   * failure at once, in the same transaction as the check, with the keys'
   * rows locked: of many attempts sent at the same moment, only the free ones
   * get to try a password (checking first and counting after the slow hash
   * would let a burst through). A success then takes its count back.
   */
  admit(subject: SignInSubject): Promise<void> {
    // Sorted, so two attempts lock the same keys in the same order.
    const keys = this.keys(subject).sort((left, right) => left.hash.localeCompare(right.hash));
    return runUnscoped(this.dataSource, async (manager) => {
      for (const key of keys) {
        await manager.query(
          `INSERT INTO sign_in_throttles (key_hash, failures, expires_at) VALUES ($1, 0, now() + interval '1 hour')
           ON CONFLICT (key_hash) DO NOTHING`,
          [key.hash],
        );
      }
      const hashes = keys.map((key) => key.hash);
      await manager.query('SELECT 1 FROM sign_in_throttles WHERE key_hash = ANY($1) ORDER BY key_hash FOR UPDATE', [
        hashes,
      ]);
      // A statement of its own, after the rows are ours: it reads what the attempt before this one committed.
      const [lock]: { wait: number | null }[] = await manager.query(
        `SELECT ceil(extract(epoch FROM max(locked_until) - clock_timestamp()))::int AS wait
           FROM sign_in_throttles WHERE key_hash = ANY($1) AND locked_until > clock_timestamp()`,
        [hashes],
      );
      const wait = lock?.wait;
      if (typeof wait === 'number' && wait > 0) {
        throw new DomainError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins. Try again in ${wait} seconds.`, {
          headers: { 'retry-after': String(wait) },
          extensions: { retryAfterSeconds: wait },
        });
      }
      for (const key of keys) {
        await manager.query(
          `UPDATE sign_in_throttles SET
             failures = failures + 1,
             locked_until = CASE WHEN failures + 1 >= $2
               THEN now() + make_interval(secs => least($4 * power(2, failures + 1 - $2), $3))
               END,
             expires_at = now() + interval '1 hour'
           WHERE key_hash = $1`,
          [key.hash, key.freeAttempts, this.config.SIGN_IN_MAX_LOCK_SECONDS, this.config.SIGN_IN_FIRST_LOCK_SECONDS],
        );
      }
    });
  }

  /**
   * A successful sign-in clears the account's count, and takes back from the
   * address the failure its admission counted (not the address's earlier
   * ones: one good password must not launder a spray).
   */
  async recordSuccess(subject: SignInSubject): Promise<void> {
    const [account, address] = this.keys(subject);
    await this.dataSource.query('DELETE FROM sign_in_throttles WHERE key_hash = $1', [account.hash]);
    if (address) {
      await this.dataSource.query(
        `UPDATE sign_in_throttles SET
           failures = greatest(failures - 1, 0),
           locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until END
         WHERE key_hash = $1`,
        [address.hash, address.freeAttempts],
      );
    }
  }
}
