import { randomInt } from 'node:crypto';

/**
 * A seeded source of randomness (mulberry32), so a fault run that found
 * something can be replayed with the same moments: the suite prints its seed,
 * and FAULT_SEED=<seed> repeats it (as far as timing repeats at all).
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** A whole number of milliseconds in [min, max]. */
  between(min: number, max: number): number;
}

export function seededRandom(seed: number = randomInt(1, 2 ** 31 - 1)): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    between: (min, max) => Math.round(min + next() * (max - min)),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
