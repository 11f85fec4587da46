import { CoalescingRefresh, RefreshClock } from './coalescing-refresh';

const INTERVAL_MS = 1_000;

/** A clock whose sleeps pass instantly, so the spec checks the order of loads without waiting. */
function manualClock(): RefreshClock & { advance(milliseconds: number): void } {
  let time = 10_000;
  return {
    now: () => time,
    sleep: async (milliseconds) => {
      time += milliseconds;
    },
    advance: (milliseconds) => {
      time += milliseconds;
    },
  };
}

/** A load that records when it started and finishes only when the test says so. */
function controlledLoad(clock: RefreshClock) {
  const starts: number[] = [];
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const load = () =>
    new Promise<void>((resolve, reject) => {
      starts.push(clock.now());
      pending.push({ resolve, reject });
    });
  const settleNext = async (error?: Error) => {
    await flush();
    const next = pending.shift();
    if (!next) throw new Error('No load is running.');
    if (error) next.reject(error);
    else next.resolve();
    await flush();
  };
  return { load, starts, settleNext };
}

async function flush(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

describe('CoalescingRefresh', () => {
  it('should run one load for every caller that asks while it runs', async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);

    const callers = Array.from({ length: 50 }, () => refresh.run());
    await settleNext();
    await Promise.all(callers);

    expect(starts).toHaveLength(1);
  });

  it('should run a new load for a caller that needs a read started after its call', async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);

    const first = refresh.run();
    clock.advance(5);
    const askedAt = clock.now();
    const fresh = refresh.run(askedAt);
    await settleNext();
    await first;
    await settleNext();
    await fresh;

    expect(starts).toHaveLength(2);
    expect(starts[1]).toBeGreaterThanOrEqual(askedAt);
  });

  it('should never start two loads closer together than the interval', async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);

    const first = refresh.run();
    await settleNext();
    await first;
    const second = refresh.run(clock.now());
    await settleNext();
    await second;

    expect(starts).toHaveLength(2);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(INTERVAL_MS);
  });

  it("should start a read after the caller's own write at once when told not to throttle", async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);

    const first = refresh.run();
    await settleNext();
    await first;
    const afterWrite = refresh.run(clock.now(), { throttle: false });
    await settleNext();
    await afterWrite;

    expect(starts).toEqual([starts[0], starts[0]]);
  });

  it('should answer a flood of callers that each need a fresh read with a single load', async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);
    const first = refresh.run();
    await settleNext();
    await first;

    const flood = Array.from({ length: 100 }, () => refresh.run(clock.now()));
    await settleNext();
    await Promise.all(flood);

    expect(starts).toHaveLength(2);
  });

  it('should give every waiting caller the error of a failed load, and load again when asked again', async () => {
    const clock = manualClock();
    const { load, starts, settleNext } = controlledLoad(clock);
    const refresh = new CoalescingRefresh(load, INTERVAL_MS, clock);

    const callers = [refresh.run(), refresh.run()];
    await settleNext(new Error('database unreachable'));
    for (const caller of callers) await expect(caller).rejects.toThrow('database unreachable');

    const retry = refresh.run();
    await settleNext();
    await expect(retry).resolves.toBeUndefined();
    expect(starts).toHaveLength(2);
  });
});
