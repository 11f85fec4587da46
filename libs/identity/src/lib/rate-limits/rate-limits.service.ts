import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@keel/platform-crypto';
import { runUnscoped } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';

export const HOUR_SECONDS = 3_600;
export const DAY_SECONDS = 86_400;

/** One limit on one thing: at most `limit` hits per window of `windowSeconds`. */
export interface RateLimit {
  /** What is counted, e.g. `signup:address:203.0.113.9`; stored only as a hash. */
  key: string;
  /** Most hits in one window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  /** What the limit counts, for the 429's detail, e.g. `sign-ups from this address per hour`. */
  counts: string;
}

interface Refusal {
  limit: RateLimit;
  retryAfterSeconds: number;
}

class LimitReached extends Error {
  constructor(readonly refusal: Refusal) {
    super('limit reached');
  }
}

/**
 * The abuse limits' one counting mechanism: fixed windows kept in PostgreSQL
 * (every API process sees one count), like the sign-in throttle beside it,
 * with its rows purged by housekeeping. Several limits are counted together
 * in one transaction, their rows locked in one order: a hit refused by any of
 * them is counted by none, so a caller held back by one limit does not use up
 * another meanwhile.
 */
@Injectable()
export class RateLimits implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly expiring: ExpiringTables,
  ) {}

  onModuleInit(): void {
    this.expiring.register({ table: 'rate_limit_counters', expiresAtColumn: 'window_ends_at' });
  }

  /** Counts one hit against every limit, or throws 429 RATE_LIMITED with Retry-After when one is reached. */
  async consume(limits: readonly RateLimit[]): Promise<void> {
    const refusal = await this.count(limits);
    if (!refusal) return;
    const { limit, retryAfterSeconds } = refusal;
    throw new DomainError(
      'RATE_LIMITED',
      `Too many ${limit.counts} (at most ${limit.limit}). Try again in ${retryAfterSeconds} seconds.`,
      {
        headers: { 'retry-after': String(retryAfterSeconds) },
        extensions: { retryAfterSeconds, limit: limit.counts },
      },
    );
  }

  /** Counts one hit like `consume`, for work that must not say it was held back (a mail nobody asked for by name): false when a limit is reached. */
  async tryConsume(limits: readonly RateLimit[]): Promise<boolean> {
    return (await this.count(limits)) === null;
  }

  private async count(limits: readonly RateLimit[]): Promise<Refusal | null> {
    const counted = limits
      .filter((limit) => limit.limit > 0)
      .map((limit) => ({ limit, hash: sha256Hex(`${limit.key}|${limit.windowSeconds}`) }))
      // Sorted, so two requests lock the same rows in the same order.
      .sort((left, right) => left.hash.localeCompare(right.hash));
    if (counted.length === 0) return null;
    try {
      await runUnscoped(this.dataSource, async (manager) => {
        for (const { limit, hash } of counted) {
          const [row]: { hits: number; retry_after: number }[] = await manager.query(
            `INSERT INTO rate_limit_counters AS counter (key_hash, hits, window_ends_at)
             VALUES ($1, 1, now() + make_interval(secs => $2))
             ON CONFLICT (key_hash) DO UPDATE SET
               hits = CASE WHEN counter.window_ends_at <= now() THEN 1 ELSE counter.hits + 1 END,
               window_ends_at = CASE WHEN counter.window_ends_at <= now()
                 THEN now() + make_interval(secs => $2) ELSE counter.window_ends_at END
             RETURNING hits, greatest(ceil(extract(epoch FROM window_ends_at - now())), 1)::int AS retry_after`,
            [hash, limit.windowSeconds],
          );
          // Thrown inside the transaction: it rolls back, and this hit counts against none of the limits.
          if (row && row.hits > limit.limit) throw new LimitReached({ limit, retryAfterSeconds: row.retry_after });
        }
      });
    } catch (error) {
      if (error instanceof LimitReached) return error.refusal;
      throw error;
    }
    return null;
  }
}
