import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeelConfig } from '@keel/platform-config';
import { sha256Hex } from '@keel/platform-crypto';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { emailKey } from '../users/email-address';

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
 * Brute-force protection for sign-in: the failure that uses up the free
 * attempts, and each one after, makes the next attempt wait, doubling each
 * time (1 s, 2 s, 4 s … up to
 * SIGN_IN_MAX_LOCK_SECONDS), per account and per client address. Counted for
 * unknown emails exactly as for real ones, so the answer never tells whether
 * an account exists. Kept in PostgreSQL: every API process sees one count.
 */
@Injectable()
export class SignInThrottle implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: KeelConfig,
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

  /** Throws 429 TOO_MANY_ATTEMPTS with Retry-After while the account or the address must wait. */
  async assertAllowed(subject: SignInSubject): Promise<void> {
    const rows: { wait: number }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
         FROM sign_in_throttles WHERE key_hash = ANY($1) AND locked_until > now()`,
      [this.keys(subject).map((key) => key.hash)],
    );
    const wait = rows[0]?.wait;
    if (typeof wait === 'number' && wait > 0) {
      throw new DomainError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins. Try again in ${wait} seconds.`, {
        headers: { 'retry-after': String(wait) },
        extensions: { retryAfterSeconds: wait },
      });
    }
  }

  /** Counts a failure against the account and the address (one statement each, safe under concurrency). */
  async recordFailure(subject: SignInSubject): Promise<void> {
    for (const key of this.keys(subject)) {
      await this.dataSource.query(
        `INSERT INTO sign_in_throttles AS t (key_hash, failures, locked_until, expires_at)
           VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(secs => 1) END, now() + interval '1 hour')
         ON CONFLICT (key_hash) DO UPDATE SET
           failures = t.failures + 1,
           locked_until = CASE WHEN t.failures + 1 >= $2
             THEN now() + make_interval(secs => least(power(2, t.failures + 1 - $2), $3))
             END,
           expires_at = now() + interval '1 hour'`,
        [key.hash, key.freeAttempts, this.config.SIGN_IN_MAX_LOCK_SECONDS],
      );
    }
  }

  /** A successful sign-in clears the account's count (not the address's: one good password must not launder a spray). */
  async recordSuccess(subject: SignInSubject): Promise<void> {
    await this.dataSource.query('DELETE FROM sign_in_throttles WHERE key_hash = $1', [
      sha256Hex(`account:${emailKey(subject.email)}`),
    ]);
  }
}
