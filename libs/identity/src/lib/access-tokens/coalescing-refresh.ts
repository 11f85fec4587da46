import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the refresh sees it; injectable so tests need not wait. */
export interface RefreshClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

const systemClock: RefreshClock = { now: () => performance.now(), sleep: (milliseconds) => sleep(milliseconds) };

/**
 * Runs a load on demand, but never two at once and never two starts closer
 * than `minIntervalMs`: however many callers ask (say, a flood of tokens with
 * made-up key ids), the source is read at most once per interval, and
 * concurrent callers share one read.
 */
export class CoalescingRefresh {
  private inFlight: { startedAt: number; done: Promise<void> } | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly minIntervalMs: number,
    private readonly clock: RefreshClock = systemClock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /**
   * Resolves once a load that started at or after `notStartedBefore` has
   * finished, and rejects with its error. A caller that must see a change made
   * just now passes the current time, so a load already under way (which may
   * have read before the change) does not count; the default joins any load.
   * `throttle: false` skips the interval, for a read right after the caller's
   * own write: that cannot be flooded from outside.
   */
  async run(notStartedBefore = Number.NEGATIVE_INFINITY, { throttle = true } = {}): Promise<void> {
    for (;;) {
      const inFlight = this.inFlight;
      if (inFlight && inFlight.startedAt >= notStartedBefore) return inFlight.done;
      if (inFlight) {
        await inFlight.done.catch(() => undefined);
        continue;
      }
      const wait = throttle ? this.lastStartedAt + this.minIntervalMs - this.clock.now() : 0;
      if (wait > 0) {
        await this.clock.sleep(wait);
        continue;
      }
      return this.start();
    }
  }

  private start(): Promise<void> {
    const startedAt = this.clock.now();
    this.lastStartedAt = startedAt;
    const done: Promise<void> = this.load().finally(() => {
      if (this.inFlight?.done === done) this.inFlight = undefined;
    });
    this.inFlight = { startedAt, done };
    return done;
  }
}
