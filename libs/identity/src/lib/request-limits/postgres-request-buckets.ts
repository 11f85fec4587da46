import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@keel/platform-crypto';
import { ExpiringTables } from '@keel/platform-queue';
import { RequestBuckets } from './request-buckets';
import { BucketPolicy, BucketTake, refillPerSecond, WHOLE_TOKEN } from './token-bucket';

/**
 * Refill, take and store in one statement, so concurrent requests of every
 * process serialise on the bucket's row and none is counted twice or lost:
 * $1 key hash, $2 capacity, $3 tokens per second, $4 a whole token (WHOLE_TOKEN). The new row starts full
 * minus this request; an existing one is refilled for the time since its last
 * request (never above capacity), then gives one token if it has a whole one.
 * `full_at` (when the bucket is full again) lets housekeeping drop rows that
 * no longer hold anything a missing row would not.
 */
const TAKE_SQL = `
  INSERT INTO request_buckets AS bucket (key_hash, tokens, allowed, updated_at, full_at)
  VALUES ($1, $2::float8 - 1, true, now(), now() + make_interval(secs => 1 / $3::float8))
  ON CONFLICT (key_hash) DO UPDATE SET (tokens, allowed, updated_at, full_at) = (
    SELECT CASE WHEN refilled >= $4::float8 THEN greatest(refilled - 1, 0) ELSE refilled END,
           refilled >= $4::float8,
           now(),
           now() + make_interval(secs => ($2::float8 - CASE WHEN refilled >= $4::float8 THEN greatest(refilled - 1, 0) ELSE refilled END) / $3::float8)
    FROM (SELECT least($2::float8,
                       bucket.tokens + greatest(extract(epoch FROM now() - bucket.updated_at), 0) * $3::float8)
                 AS refilled) AS refill
  )
  RETURNING tokens, allowed`;

/**
 * The buckets in PostgreSQL (RATE_LIMIT_STORE=postgres): one count for every
 * API process, at the price of one round trip per bucket per request. Keys
 * are stored as SHA-256 hashes, like the abuse limits' counters, so no client
 * address is kept in clear. The statement runs on its own (autocommitted), not
 * in the request's transaction: a request that fails afterwards still counted.
 */
@Injectable()
export class PostgresRequestBuckets extends RequestBuckets implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly expiring: ExpiringTables,
  ) {
    super();
  }

  onModuleInit(): void {
    this.expiring.register({ table: 'request_buckets', expiresAtColumn: 'full_at' });
  }

  async take(key: string, policy: BucketPolicy): Promise<BucketTake> {
    const rows: { tokens: number; allowed: boolean }[] = await this.dataSource.query(TAKE_SQL, [
      sha256Hex(`${key}|${policy.windowSeconds}`),
      policy.capacity,
      refillPerSecond(policy),
      WHOLE_TOKEN,
    ]);
    const [row] = rows;
    if (!row) throw new Error('request_buckets: the UPSERT returned no row');
    return { allowed: row.allowed, tokens: Number(row.tokens) };
  }
}
