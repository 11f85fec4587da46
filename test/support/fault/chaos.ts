import type { RestartablePostgres } from '../restartable-postgres';
import { Random, sleep } from './random';
import type { SupervisedKeel } from './supervised-keel';

export interface ChaosPlan {
  worker: SupervisedKeel;
  postgres: RestartablePostgres;
  random: Random;
  /** SIGKILLs of the worker, each followed by a restart. */
  kills: number;
  /** Resolves when PostgreSQL should go down (mid-run); the outage happens at the next gap between kills. */
  outageDue: Promise<void>;
  /** How long the worker stays up before the next kill: [min, max] ms. */
  upMs: [number, number];
  /** How long the worker stays dead before its restart: [min, max] ms. */
  downMs: [number, number];
  /** How long PostgreSQL stays down: [min, max] ms. */
  outageMs: [number, number];
  /** Seconds since the run began, for the log. */
  clock: () => number;
  /** True once the suite is ending (a failure elsewhere): no more faults. */
  stopped: () => boolean;
}

export interface ChaosLog {
  kills: number;
  /** What happened when, in seconds since the run began. */
  timeline: string[];
  /** How long PostgreSQL was down, ms (0 when it never went down). */
  outageMs: number;
}

/**
 * The faults, one at a time (so that no restart of the worker meets a
 * stopped PostgreSQL): the worker is killed with SIGKILL at random moments
 * and started again 0.5–3 s later, and once, mid-run, PostgreSQL is stopped
 * for a few seconds and started again on the same port.
 */
export async function runChaos(plan: ChaosPlan): Promise<ChaosLog> {
  const log: ChaosLog = { kills: 0, timeline: [], outageMs: 0 };
  const note = (what: string) => log.timeline.push(`${plan.clock().toFixed(1)}s ${what}`);
  let outageWanted = false;
  void plan.outageDue.then(() => (outageWanted = true));

  const outage = async (): Promise<void> => {
    const downFor = plan.random.between(...plan.outageMs);
    note(`PostgreSQL stop (for ${downFor} ms)`);
    const stoppedAt = Date.now();
    await plan.postgres.stop();
    await sleep(downFor);
    await plan.postgres.restart();
    log.outageMs = Date.now() - stoppedAt;
    note(`PostgreSQL up again after ${log.outageMs} ms`);
  };

  while (log.kills < plan.kills) {
    await sleep(plan.random.between(...plan.upMs));
    if (plan.stopped()) return log;
    if (outageWanted && log.outageMs === 0) {
      await outage();
      await sleep(plan.random.between(...plan.upMs));
    }
    await plan.worker.settled();
    if (plan.stopped()) return log;
    if (!plan.worker.running) await plan.worker.start();
    await plan.worker.kill();
    log.kills += 1;
    note(`worker SIGKILL #${log.kills}`);
    await sleep(plan.random.between(...plan.downMs));
    await plan.worker.start();
    note('worker up again');
  }
  if (log.outageMs === 0) {
    await plan.outageDue;
    if (!plan.stopped()) await outage();
  }
  return log;
}
