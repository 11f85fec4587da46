import { Injectable } from '@nestjs/common';
import { RequestBuckets } from './request-buckets';
import { BucketPolicy, BucketState, BucketTake, msUntilFull, takeFromBucket } from './token-bucket';

/** How often full buckets are dropped: a full bucket and a missing one are the same. */
const SWEEP_INTERVAL_MS = 60_000;

interface HeldBucket extends BucketState {
  fullAtMs: number;
}

/**
 * The buckets in this process's memory (RATE_LIMIT_STORE=memory, the
 * default): no database round trip per request, but each API process counts
 * on its own, so N processes allow N times the limit. Buckets that have grown
 * full again are dropped once a minute, so memory follows the callers of the
 * last window, not every caller ever seen.
 */
@Injectable()
export class MemoryRequestBuckets extends RequestBuckets {
  private readonly buckets = new Map<string, HeldBucket>();
  private nextSweepMs = Date.now() + SWEEP_INTERVAL_MS;

  take(key: string, policy: BucketPolicy): Promise<BucketTake> {
    const nowMs = Date.now();
    if (nowMs >= this.nextSweepMs) this.sweep(nowMs);
    const { take, state } = takeFromBucket(this.buckets.get(key), policy, nowMs);
    this.buckets.set(key, { ...state, fullAtMs: nowMs + msUntilFull(state.tokens, policy) });
    return Promise.resolve(take);
  }

  private sweep(nowMs: number): void {
    this.nextSweepMs = nowMs + SWEEP_INTERVAL_MS;
    for (const [key, bucket] of this.buckets) if (bucket.fullAtMs <= nowMs) this.buckets.delete(key);
  }
}
