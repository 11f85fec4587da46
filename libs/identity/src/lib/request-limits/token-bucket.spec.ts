import { BucketPolicy, BucketState, decide, msUntilFull, takeFromBucket } from './token-bucket';

const perMinute = (capacity: number): BucketPolicy => ({ name: 'user', capacity, windowSeconds: 60 });

/** Takes `count` requests at `nowMs` one after another; the decisions and the bucket left. */
function takeMany(policy: BucketPolicy, count: number, nowMs: number, start?: BucketState) {
  let state: BucketState = start ?? { tokens: policy.capacity, atMs: nowMs };
  const decisions = [];
  for (let index = 0; index < count; index += 1) {
    const result = takeFromBucket(state, policy, nowMs);
    state = result.state;
    decisions.push(decide(policy, result.take));
  }
  return { decisions, state };
}

describe('the token bucket', () => {
  it('should let a new caller make its whole quota at once, then refuse the next request', () => {
    const { decisions } = takeMany(perMinute(3), 4, 0);
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
  });

  it('should treat a caller never seen as one with a full bucket', () => {
    const { take } = takeFromBucket(undefined, perMinute(3), 123_456);
    expect(decide(perMinute(3), take)).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 20 });
  });

  it('should tell a refused caller to come back when one request has grown back', () => {
    // 60 a minute: one a second.
    const { decisions } = takeMany(perMinute(60), 61, 0);
    const refused = decisions[60];
    expect(refused?.allowed).toBe(false);
    expect(refused?.retryAfterSeconds).toBe(1);
    expect(refused?.resetSeconds).toBe(60);
  });

  it('should allow a request again once the time for one token has passed, and not before', () => {
    // 6 a minute: one every 10 s.
    const policy = perMinute(6);
    const { state } = takeMany(policy, 6, 0);
    expect(takeFromBucket(state, policy, 9_000).take.allowed).toBe(false);
    expect(decide(policy, takeFromBucket(state, policy, 9_000).take).retryAfterSeconds).toBe(1);
    expect(takeFromBucket(state, policy, 10_000).take.allowed).toBe(true);
  });

  it('should not let a refused request use up what grows back', () => {
    const policy = perMinute(6);
    let { state } = takeMany(policy, 6, 0);
    // Knocking every second for 9 seconds takes nothing.
    for (let second = 1; second < 10; second += 1) {
      const result = takeFromBucket(state, policy, second * 1000);
      expect(result.take.allowed).toBe(false);
      state = result.state;
    }
    expect(takeFromBucket(state, policy, 10_000).take.allowed).toBe(true);
  });

  it('should refill a drained bucket to its capacity and no further', () => {
    const policy = perMinute(10);
    const { state } = takeMany(policy, 10, 0);
    const { decisions } = takeMany(policy, 11, 3_600_000, state);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(decisions[0]?.remaining).toBe(9);
  });

  it('should say how long until a bucket is full again', () => {
    const policy = perMinute(60);
    const { decisions, state } = takeMany(policy, 30, 0);
    expect(decisions[29]?.resetSeconds).toBe(30);
    expect(msUntilFull(state.tokens, policy)).toBe(30_000);
  });

  it('should not count a clock that steps back as time that refilled the bucket', () => {
    const policy = perMinute(2);
    const { state } = takeMany(policy, 2, 10_000);
    expect(takeFromBucket(state, policy, 0).take.allowed).toBe(false);
  });

  it('should apply a lower capacity at once to a bucket filled under a higher one', () => {
    const { state } = takeMany(perMinute(100), 1, 0);
    const { decisions } = takeMany(perMinute(5), 6, 1_000, state);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false]);
  });
});
