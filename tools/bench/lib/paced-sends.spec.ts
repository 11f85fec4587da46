import { performance } from 'node:perf_hooks';
import { sendPaced } from './paced-sends';

describe('sendPaced', () => {
  it('should start each send of a steady pace no sooner than it is due, without waiting for earlier ones', async () => {
    const start = performance.now();
    const started: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await sendPaced(5, { kind: 'steady', ratePerSecond: 100 }, async (index) => {
      started[index] = performance.now() - start;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 35));
      inFlight -= 1;
    });
    // Due at 0, 10, 20, 30 and 40 ms (a millisecond of timer slack allowed).
    started.forEach((at, index) => expect(at).toBeGreaterThanOrEqual(index * 10 - 1));
    expect(mostInFlight).toBeGreaterThan(1);
  });

  it('should keep at most `concurrency` sends in flight when flat out, and send every one', async () => {
    const done: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await sendPaced(10, { kind: 'flat-out', concurrency: 3 }, async (index) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      done.push(index);
    });
    expect(mostInFlight).toBe(3);
    expect([...done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
