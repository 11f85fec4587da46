/**
 * One rate-limit policy: a token bucket holding at most `capacity` requests
 * (the burst), refilled evenly so that `capacity` requests are allowed per
 * `windowSeconds`. In the IETF RateLimit headers it is `q` (quota) and `w` (window).
 */
export interface BucketPolicy {
  /** Names the policy in the RateLimit-Policy and RateLimit headers: `api-key`, `user`, `workspace`, `address`. */
  readonly name: string;
  readonly capacity: number;
  readonly windowSeconds: number;
}

/** A bucket as a store keeps it: the tokens left after its last request, and when that was. */
export interface BucketState {
  readonly tokens: number;
  readonly atMs: number;
}

/** What taking one request from a bucket gave: whether it was allowed and the tokens left (fractional). */
export interface BucketTake {
  readonly allowed: boolean;
  readonly tokens: number;
}

/** A request counted against one policy, as the headers and the 429 tell it. */
export interface BucketDecision extends BucketTake {
  readonly policy: BucketPolicy;
  /** Whole requests still allowed right now (`r`). */
  readonly remaining: number;
  /** Seconds until the bucket is full again (`t`). */
  readonly resetSeconds: number;
  /** Seconds until one request is allowed again; 0 when this one was. */
  readonly retryAfterSeconds: number;
}

/**
 * What a whole token may fall short by, from floating-point refills (0.1 + …
 * + 0.1 is 0.9999999999999999): less would make a caller wait a refill more.
 */
export const WHOLE_TOKEN = 1 - 1e-9;

/** Tokens added per second. */
export function refillPerSecond(policy: BucketPolicy): number {
  return policy.capacity / policy.windowSeconds;
}

/**
 * Takes one request from a bucket at `nowMs`: refills it for the time since
 * its last request (never above capacity, never backwards if a clock steps
 * back), then allows the request when a whole token is there. A refused
 * request takes nothing, so a caller that keeps knocking is let in as soon as
 * a token has grown back. A bucket never seen is full.
 */
export function takeFromBucket(
  state: BucketState | undefined,
  policy: BucketPolicy,
  nowMs: number,
): { take: BucketTake; state: BucketState } {
  const elapsedSeconds = state ? Math.max(0, nowMs - state.atMs) / 1000 : 0;
  const refilled = state
    ? Math.min(policy.capacity, state.tokens + elapsedSeconds * refillPerSecond(policy))
    : policy.capacity;
  const allowed = refilled >= WHOLE_TOKEN;
  const tokens = allowed ? Math.max(0, refilled - 1) : refilled;
  return { take: { allowed, tokens }, state: { tokens, atMs: nowMs } };
}

/** When a bucket left with `tokens` is full again, in milliseconds from now. */
export function msUntilFull(tokens: number, policy: BucketPolicy): number {
  return (Math.max(0, policy.capacity - tokens) / refillPerSecond(policy)) * 1000;
}

/** The numbers the headers and the 429 carry, from what a take left in the bucket. */
export function decide(policy: BucketPolicy, take: BucketTake): BucketDecision {
  const rate = refillPerSecond(policy);
  return {
    ...take,
    policy,
    remaining: Math.max(0, Math.floor(take.tokens)),
    resetSeconds: Math.max(0, Math.ceil((policy.capacity - take.tokens) / rate)),
    retryAfterSeconds: take.allowed ? 0 : Math.max(1, Math.ceil((WHOLE_TOKEN - take.tokens) / rate)),
  };
}
