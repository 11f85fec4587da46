import type { BucketPolicy, BucketTake } from './token-bucket';

/**
 * Where the token buckets of the request rate limits are kept
 * (RATE_LIMIT_STORE): in this process's memory, or in PostgreSQL, shared by
 * every API process. `key` names the bucket (`user:<id>`, `address:<ip>`, …).
 */
export abstract class RequestBuckets {
  abstract take(key: string, policy: BucketPolicy): Promise<BucketTake>;
}
