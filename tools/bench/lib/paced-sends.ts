import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pace } from './event-pipeline-result';
import { inBatches } from './in-batches';
import { dueAtMs } from './steady-rate';

/**
 * Runs `send` for 0…count-1 at the pace given: steady, each one started when
 * it is due (evenly spaced, whether or not earlier ones have finished: an
 * open loop, so a slow target does not slow the producer down); flat out,
 * `concurrency` at a time, each sender starting its next as soon as its last
 * one finished. Resolves when every send has.
 */
export async function sendPaced(count: number, pace: Pace, send: (index: number) => Promise<void>): Promise<void> {
  if (pace.kind === 'flat-out') {
    await inBatches(count, pace.concurrency, send);
    return;
  }
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const wait = dueAtMs(index, pace.ratePerSecond) - (performance.now() - start);
    if (wait > 1) await sleep(wait);
    sent.push(send(index));
  }
  await Promise.all(sent);
}
