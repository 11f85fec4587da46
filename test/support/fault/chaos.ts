import type { BreakableLink } from '../backbone/breakable-link';
import type { RestartablePostgres } from '../restartable-postgres';
import { Random, sleep } from './random';
import type { SupervisedKeel } from './supervised-keel';
import { ActiveAttempt, hasWork, QueueWork } from './work-at-kill';

export type ProcessKind = 'api' | 'worker';

/** One SIGKILL, and the work that was under way when it landed. */
export interface KillRecord {
  kind: ProcessKind;
  /** The process killed: `api-a`, `worker-b`… */
  victim: string;
  /** On the suite's clock, seconds. */
  atSeconds: number;
  /** How long the kill waited for work to be under way, ms. */
  waitedMs: number;
  /** API kills: the suite's requests to that API still unanswered at the kill. */
  requestsInFlight?: number;
  /** Worker kills: what PostgreSQL showed held right after the kill (the dead worker's attempts stay held). */
  activeAttempts?: ActiveAttempt[];
  runningJobRuns?: number;
}

export interface ChaosPlan {
  apis: SupervisedKeel[];
  workers: SupervisedKeel[];
  postgres: RestartablePostgres;
  /** The processes' only way to NATS. */
  natsLink: BreakableLink;
  random: Random;
  /** SIGKILLs planned per kind, each followed by a restart. */
  kills: Record<ProcessKind, number>;
  /** Resolves when PostgreSQL should go down (mid-run); the outage happens at the next gap between kills. */
  outageDue: Promise<void>;
  /** Resolves when NATS should be cut (mid-run); the cut runs beside the kills. */
  natsCutDue: Promise<void>;
  /** Pause between one fault and the next: [min, max] ms. */
  upMs: [number, number];
  /** How long a killed process stays dead before its restart: [min, max] ms. */
  downMs: [number, number];
  /** How long PostgreSQL stays down: [min, max] ms. */
  outageMs: [number, number];
  /** How long NATS stays cut: [min, max] ms. */
  natsCutMs: [number, number];
  /** The suite's requests to `api` not yet answered. */
  requestsInFlight: (api: SupervisedKeel) => number;
  /** Events relayed to the queue and waiting for JetStream (`nats_pending`), from PostgreSQL. */
  natsPending: () => Promise<number>;
  /** The background work under way, from PostgreSQL. */
  queueWork: () => Promise<QueueWork>;
  /** A worker is killed once at least this many pg-boss attempts are held (by the two workers together). */
  workerKillMinHeld: number;
  /** A kill waits at most this long for work to be under way; past it, the kill is not made (and the run fails). */
  workWaitMs: number;
  /** Seconds since the run began, for the log. */
  clock: () => number;
  /** True once the suite is ending (a failure elsewhere): no more faults. */
  stopped: () => boolean;
}

export interface ChaosLog {
  kills: KillRecord[];
  /** Planned kills not made: no work came within `workWaitMs`, or the suite stopped. */
  missed: string[];
  /** What happened when, in seconds since the run began. */
  timeline: string[];
  /** How long PostgreSQL was down, ms (0 when it never went down). */
  outageMs: number;
  /** How long NATS was cut, ms (0 when it never was). */
  natsCutMs: number;
  /** Events waiting for JetStream (`nats_pending`) when NATS came back: the cut held them back. */
  natsPendingAtRestore: number;
}

/** The kinds in the order the kills come: alternating, from a random first kind, so both run through the send phase. */
function killOrder(plan: ChaosPlan): Array<{ kind: ProcessKind; victim: SupervisedKeel }> {
  const queues: Record<ProcessKind, SupervisedKeel[]> = { api: [], worker: [] };
  for (const kind of ['api', 'worker'] as const) {
    const pool = kind === 'api' ? plan.apis : plan.workers;
    // Each process of the kind in turn, from a random one: every one is killed, none twice in a row.
    const first = Math.floor(plan.random.next() * pool.length);
    for (let index = 0; index < plan.kills[kind]; index++) queues[kind].push(pool[(first + index) % pool.length]);
  }
  const order: Array<{ kind: ProcessKind; victim: SupervisedKeel }> = [];
  let kind: ProcessKind = plan.random.next() < 0.5 ? 'api' : 'worker';
  while (queues.api.length + queues.worker.length > 0) {
    const other: ProcessKind = kind === 'api' ? 'worker' : 'api';
    if (queues[kind].length === 0) kind = other;
    const victim = queues[kind].shift();
    if (victim) order.push({ kind, victim });
    kind = kind === 'api' ? 'worker' : 'api';
  }
  return order;
}

/**
 * The faults. Processes are killed one at a time with SIGKILL, each only once
 * work is under way in it (an API with the suite's requests unanswered, the
 * workers with jobs held, read from PostgreSQL), and started again 0.3–1.5 s
 * later in the background; a process is never killed while the other of its
 * kind is still coming back, so one API and one worker are always up. Once,
 * mid-run, PostgreSQL is stopped for a few seconds (with every process up) and
 * started again on the same port; and once NATS is cut for a few seconds,
 * beside the kills, and restored.
 */
export async function runChaos(plan: ChaosPlan): Promise<ChaosLog> {
  const log: ChaosLog = { kills: [], missed: [], timeline: [], outageMs: 0, natsCutMs: 0, natsPendingAtRestore: 0 };
  const note = (what: string) => log.timeline.push(`${plan.clock().toFixed(1)}s ${what}`);
  const restarts = new Map<SupervisedKeel, Promise<void>>();
  const allUp = async () => {
    await Promise.all([...restarts.values()]);
    await Promise.all([...plan.apis, ...plan.workers].map((process) => process.settled()));
  };
  let outageWanted = false;
  void plan.outageDue.then(() => (outageWanted = true));

  const natsCut = (async () => {
    await plan.natsCutDue;
    await sleep(plan.random.between(...plan.upMs));
    if (plan.stopped()) return;
    const cutFor = plan.random.between(...plan.natsCutMs);
    note(`NATS cut (for ${cutFor} ms)`);
    const cutAt = Date.now();
    await plan.natsLink.cut();
    await sleep(cutFor);
    log.natsPendingAtRestore = await plan.natsPending().catch(() => -1);
    await plan.natsLink.restore();
    log.natsCutMs = Date.now() - cutAt;
    note(`NATS restored after ${log.natsCutMs} ms (${log.natsPendingAtRestore} events pending for JetStream)`);
  })();

  const outage = async (): Promise<void> => {
    await allUp();
    const downFor = plan.random.between(...plan.outageMs);
    note(`PostgreSQL stop (for ${downFor} ms)`);
    const stoppedAt = Date.now();
    await plan.postgres.stop();
    await sleep(downFor);
    await plan.postgres.restart();
    log.outageMs = Date.now() - stoppedAt;
    note(`PostgreSQL up again after ${log.outageMs} ms`);
  };

  for (const { kind, victim } of killOrder(plan)) {
    await sleep(plan.random.between(...plan.upMs));
    if (plan.stopped()) break;
    if (outageWanted && log.outageMs === 0) {
      await outage();
      await sleep(plan.random.between(...plan.upMs));
    }
    // The other of its kind is up (its restart done), and so is the victim: one of each kind stays up.
    const siblings = kind === 'api' ? plan.apis : plan.workers;
    await Promise.all(siblings.map((process) => restarts.get(process) ?? process.settled()));
    if (plan.stopped()) break;
    for (const process of siblings) if (!process.running) await process.start();

    // Wait for work to be under way in the victim's kind, then kill at once.
    const waitStarted = Date.now();
    let ready = false;
    while (!plan.stopped() && Date.now() - waitStarted < plan.workWaitMs) {
      ready =
        kind === 'api'
          ? plan.requestsInFlight(victim) > 0
          : hasWork(await plan.queueWork().catch(() => none), plan.workerKillMinHeld);
      if (ready) break;
      await sleep(kind === 'api' ? 5 : 50);
    }
    if (!ready) {
      log.missed.push(`${victim.name}: no work under way within ${plan.workWaitMs} ms`);
      note(`${victim.name} not killed: no work under way`);
      continue;
    }
    const record: KillRecord = {
      kind,
      victim: victim.name,
      atSeconds: Math.round(plan.clock() * 10) / 10,
      waitedMs: Date.now() - waitStarted,
    };
    if (kind === 'api') record.requestsInFlight = plan.requestsInFlight(victim);
    await victim.kill();
    if (kind === 'worker') {
      const work = await plan.queueWork().catch(() => none);
      record.activeAttempts = work.activeAttempts;
      record.runningJobRuns = work.runningJobRuns;
    }
    log.kills.push(record);
    note(
      `${victim.name} SIGKILL (${
        kind === 'api'
          ? `${record.requestsInFlight} requests in flight`
          : `${record.activeAttempts?.length} jobs active, ${record.runningJobRuns} job runs running`
      }, waited ${record.waitedMs} ms for work)`,
    );
    const downFor = plan.random.between(...plan.downMs);
    restarts.set(
      victim,
      sleep(downFor)
        .then(() => victim.start())
        .then(() => void note(`${victim.name} up again`))
        .catch((error: unknown) => void note(`${victim.name} did not start again: ${String(error).slice(0, 300)}`))
        .finally(() => restarts.delete(victim)),
    );
  }
  await allUp();
  if (log.outageMs === 0 && !plan.stopped()) {
    await plan.outageDue;
    if (!plan.stopped()) await outage();
  }
  await natsCut;
  return log;
}

const none: QueueWork = { activeAttempts: [], runningJobRuns: 0 };
