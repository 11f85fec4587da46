/**
 * The fault suite: the built API and worker as separate real processes on a
 * PostgreSQL of the suite's own, and a receiver that verifies every webhook
 * the way a customer's would. Over a thousand events go through automation
 * rules with a webhook action and a comment action while the worker is
 * killed with SIGKILL at random moments (and started again) and PostgreSQL
 * is stopped and started once. Once everything has drained: every event
 * reached both consumers, every rule took effect once per event, the
 * receiver saw every event, no job is stuck, and the job ledger agrees with
 * pg-boss. It prints its counts on one line.
 *
 * FAULT_SEED=<seed> replays the random moments of an earlier run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { SecretBox } from '@keel/platform-crypto';
import { findFreePort } from '@keel/platform-database';
import { runChaos } from './support/fault/chaos';
import {
  DrainState,
  drainState,
  hasPendingWork,
  isDrained,
  LedgerFindings,
  readLedger,
} from './support/fault/fault-ledger';
import { sendProjects } from './support/fault/project-senders';
import { seededRandom, sleep } from './support/fault/random';
import { receivedOn, receiverFindings } from './support/fault/receiver-findings';
import { SupervisedKeel } from './support/fault/supervised-keel';
import { jsonObject, postJson } from './support/http';
import { signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { RestartablePostgres } from './support/restartable-postgres';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const WORKSPACES = 3;
/** 3 × 340 = 1,020 project.created events (and as many comment.created ones, from the rule). */
const PROJECTS_PER_WORKSPACE = 340;
const SENDERS = 6;
const SEND_SPREAD_MS = 30_000;
const KILLS = 6;
/** PostgreSQL goes down once this share of the projects has landed. */
const OUTAGE_AT_SHARE = 0.4;
/** Long enough for orphaned runs to be reaped (30 s heartbeat, 10 s sweep) and pg-boss expiries (up to 120 s). */
const DRAIN_DEADLINE_MS = 240_000;
/** Nothing queued, held or arriving for this long, yet not drained: it never will be. */
const STALL_MS = 20_000;
const RECEIVER_IDLE_MS = 2_000;
/** The endpoints subscribe to a type that never occurs here: only the rules' send_webhook actions deliver. */
const UNUSED_EVENT_TYPES = ['webhook_endpoint.disabled'];

type DrainOutcome = 'drained' | 'stalled' | 'deadline';

/** The drain state in a few words: only what is still open. */
function describeState(state: DrainState): string {
  const open = [
    state.unrelayed && `unrelayed=${state.unrelayed}`,
    state.delivered < state.events * 2 && `undelivered=${state.events * 2 - state.delivered}`,
    state.openRuns && `open-runs=${state.openRuns}`,
    state.openJobRuns && `open-job-runs=${state.openJobRuns} (running ${state.runningJobRuns})`,
    state.waitingJobs && `pg-boss-waiting=${state.waitingJobs} (${state.waitingByQueue})`,
  ].filter(Boolean);
  return open.length > 0 ? open.join(',') : 'quiet';
}

interface Workspace {
  id: string;
  accessToken: string;
  receiverPath: string;
}

describe('fault suite: the event backbone under kill -9 and a PostgreSQL restart', () => {
  const random = seededRandom(process.env['FAULT_SEED'] ? Number(process.env['FAULT_SEED']) : undefined);
  const began = Date.now();
  const clock = () => (Date.now() - began) / 1000;
  let postgres: RestartablePostgres;
  let receiver: WebhookReceiver;
  let api: SupervisedKeel;
  let worker: SupervisedKeel;
  let pool: Pool;
  let logDir: string;
  const workspaces: Workspace[] = [];
  let ending = false;
  let chaosRunning: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    postgres = await RestartablePostgres.start();
    logDir = await mkdtemp(join(tmpdir(), 'keel-fault-logs-'));
    const env = {
      DATABASE_URL: postgres.url,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      LOG_LEVEL: 'warn',
    };
    // The API migrates the new database on start; the worker, started after it, finds it migrated.
    api = new SupervisedKeel({
      role: 'api',
      entry: 'dist/apps/api/main.js',
      env: { ...env, KEEL_ROLE: 'api', PORT: String(await findFreePort()) },
      logDir,
      clock,
    });
    await api.start();
    worker = new SupervisedKeel({
      role: 'worker',
      entry: 'dist/apps/worker/main.js',
      env: { ...env, KEEL_ROLE: 'worker', DB_MIGRATE_ON_START: 'false' },
      logDir,
      clock,
    });
    await worker.start();
    pool = new Pool({ connectionString: postgres.url, max: 2 });
    // Idle connections die with PostgreSQL's restart; the pool replaces them.
    pool.on('error', () => undefined);

    for (let index = 1; index <= WORKSPACES; index++) {
      const owner = await signUp(api.url, `fault-owner-${index}`);
      const workspace = await createWorkspace(owner, { name: `Fault Works ${index}` });
      const auth = { authorization: `Bearer ${owner.accessToken}` };
      const receiverPath = `/fault/${index}`;
      const endpoint = await postJson(
        `${api.url}/v1/workspaces/${workspace.id}/webhook-endpoints`,
        { url: receiver.url(receiverPath), eventTypes: UNUSED_EVENT_TYPES, enabled: true, description: 'fault suite' },
        auth,
      );
      expect(endpoint.status).toBe(201);
      const { id: endpointId, secret } = jsonObject(endpoint);
      receiver.expectSecret(receiverPath, String(secret));
      const rule = await postJson(
        `${api.url}/v1/workspaces/${workspace.id}/automations`,
        {
          name: 'Announce and note every new project',
          trigger: { eventType: 'project.created' },
          actions: [
            { type: 'send_webhook', endpointId },
            { type: 'add_comment', body: 'Noted by the fault suite.' },
          ],
        },
        auth,
      );
      expect(rule.status).toBe(201);
      workspaces.push({ id: workspace.id, accessToken: owner.accessToken, receiverPath });
    }
  }, 180_000);

  afterAll(async () => {
    ending = true;
    await chaosRunning.catch(() => undefined);
    await worker?.close();
    await api?.close();
    await pool?.end().catch(() => undefined);
    await receiver?.close();
    await postgres?.destroy();
  });

  it(
    'should deliver every event to every subscriber, take every rule effect once, and leave no job stuck',
    async () => {
      const workspaceIds = workspaces.map((workspace) => workspace.id);
      const paths = workspaces.map((workspace) => workspace.receiverPath);
      const total = WORKSPACES * PROJECTS_PER_WORKSPACE;
      let outageDue: () => void = () => undefined;
      const outageAt = new Promise<void>((due) => (outageDue = due));

      // The send phase, with the faults running beside it (and on into the drain).
      const chaos = runChaos({
        worker,
        postgres,
        random,
        kills: KILLS,
        outageDue: outageAt,
        upMs: [1_000, 4_000],
        downMs: [500, 3_000],
        outageMs: [3_000, 5_000],
        clock,
        stopped: () => ending,
      });
      chaosRunning = chaos;
      let chaosDone = false;
      void chaos.then(
        () => (chaosDone = true),
        () => (chaosDone = true),
      );
      const sendStarted = clock();
      const sent = await sendProjects({
        apiUrl: () => api.url,
        targets: workspaces.map((workspace) => ({ workspaceId: workspace.id, accessToken: workspace.accessToken })),
        perWorkspace: PROJECTS_PER_WORKSPACE,
        senders: SENDERS,
        spreadMs: SEND_SPREAD_MS,
        onLanded: (landed) => {
          if (landed >= total * OUTAGE_AT_SHARE) outageDue();
        },
      }).catch((error: unknown) => {
        ending = true;
        outageDue();
        throw error;
      });
      const sendEnded = Date.now();

      // The drain: poll until quiet, or until nothing is left that could still change anything.
      let outcome: DrainOutcome = 'deadline';
      let state: DrainState | undefined;
      let drainedAt = 0;
      let lastCount = -1;
      let lastArrival = Date.now();
      let stalledSince: number | undefined;
      const trace: string[] = [];
      let traced = 0;
      for (;;) {
        const count = receivedOn(receiver, paths).length;
        if (count !== lastCount) {
          lastCount = count;
          lastArrival = Date.now();
        }
        const receiverIdle = Date.now() - lastArrival >= RECEIVER_IDLE_MS;
        state = await drainState(pool, workspaceIds).catch(() => state);
        if (state && Date.now() - traced >= 10_000) {
          traced = Date.now();
          trace.push(`${clock().toFixed(0)}s ${describeState(state)} received=${count}`);
        }
        if (chaosDone && state && receiverIdle) {
          if (isDrained(state)) {
            outcome = 'drained';
            drainedAt = Date.now();
            break;
          }
          stalledSince = hasPendingWork(state) ? undefined : (stalledSince ?? Date.now());
          if (stalledSince !== undefined && Date.now() - stalledSince >= STALL_MS) {
            outcome = 'stalled';
            break;
          }
        } else {
          stalledSince = undefined;
        }
        if (Date.now() - sendEnded > DRAIN_DEADLINE_MS) break;
        await sleep(1_000);
      }
      const chaosLog = await chaos;
      await worker.settled();
      await api.settled();

      const ledger: LedgerFindings = await readLedger(pool, workspaceIds);
      const createdIds = ledger.projectCreatedEvents.map((event) => event.id);
      const wire = receiverFindings(receivedOn(receiver, paths), createdIds);
      const duplicateEffects = ledger.extraComments + ledger.extraDeliveries + ledger.extraRuns;
      const drainSeconds =
        outcome === 'drained'
          ? ((drainedAt - sendEnded) / 1000).toFixed(1)
          : `>${((Date.now() - sendEnded) / 1000).toFixed(0)}`;
      const unexpectedExits = [...api.unexpectedExits, ...worker.unexpectedExits];

      console.log(
        `[fault] events=${createdIds.length} (outbox ${ledger.outboxEvents}) kills=${chaosLog.kills} ` +
          `pg-outage=${(chaosLog.outageMs / 1000).toFixed(1)}s lost=${wire.lost.count} ` +
          `duplicate-effects=${duplicateEffects} wire-duplicates=${wire.wireDuplicates} ` +
          `time-to-drain=${drainSeconds}s (${outcome}) crashes=${unexpectedExits.length} seed=${random.seed}`,
      );
      console.log(
        [
          `[fault] send phase: ${sent.landed} projects in ${(sent.durationMs / 1000).toFixed(1)} s from ${SENDERS} senders ` +
            `(started at ${sendStarted.toFixed(1)} s); retries=${sent.retries}, committed-before-retry=${sent.committedEarlier}, ` +
            `failed answers=${JSON.stringify(sent.failedAnswers)}`,
          `[fault] faults: ${chaosLog.timeline.join('; ')}`,
          `[fault] receiver: ${wire.requests} requests, ${wire.verified} verified, ${wire.distinctIds} distinct webhook-ids, ` +
            `${wire.unverified} unverified`,
          `[fault] job runs: ${JSON.stringify(ledger.jobRuns)}; pg-boss left waiting: ${JSON.stringify(ledger.leftoverJobs)}; ` +
            `pg-boss failed: ${JSON.stringify(ledger.failedJobs)}`,
          `[fault] drain (every 10 s): ${trace.join(' | ')}`,
          `[fault] last drain state: ${JSON.stringify(state)}`,
          ...unexpectedExits.map(
            (exit) =>
              `[fault] ${exit.role} #${exit.generation} exited by itself (${String(exit.exit)}) at ${exit.atSeconds} s:\n${exit.tail}`,
          ),
          `[fault] process logs: ${logDir}`,
        ].join('\n'),
      );

      // The faults happened as planned, or the run proves nothing.
      expect(chaosLog.kills).toBeGreaterThanOrEqual(5);
      expect(chaosLog.outageMs).toBeGreaterThan(0);
      expect(sent.landed).toBe(total);

      const none = { count: 0, examples: [] };
      expect({
        drain: outcome,
        unexpectedExits: unexpectedExits.map(
          (exit) => `${exit.role} #${exit.generation}: ${String(exit.exit)} (${exit.log})`,
        ),
        projects: ledger.projects,
        duplicateProjects: ledger.duplicateProjects,
        projectCreatedEvents: createdIds.length,
        duplicateProjectEvents: ledger.duplicateProjectEvents,
        unrelayed: ledger.unrelayed,
        undelivered: ledger.undelivered,
        deadLetters: ledger.deadLetters,
        eventsWithoutRun: ledger.eventsWithoutRun,
        strayRuns: ledger.strayRuns,
        runsNotSucceeded: ledger.runsNotSucceeded,
        actionsNotSucceeded: ledger.actionsNotSucceeded,
        runsWithWrongActions: ledger.runsWithWrongActions,
        projectsWithoutComment: ledger.projectsWithoutComment,
        duplicateEffects: {
          extraRuns: ledger.extraRuns,
          extraComments: ledger.extraComments,
          extraDeliveries: ledger.extraDeliveries,
        },
        eventsWithoutDelivery: ledger.eventsWithoutDelivery,
        deliveriesNotDelivered: ledger.deliveriesNotDelivered,
        lost: wire.lost,
        unverifiedRequests: wire.unverified,
        strangers: wire.strangers,
        stuckJobRuns: ledger.stuckJobRuns,
        failedJobRuns: ledger.failedJobRuns,
        ledgerDisagreements: ledger.ledgerDisagreements,
        leftoverJobs: ledger.leftoverJobs,
        failedJobs: ledger.failedJobs,
      }).toEqual({
        drain: 'drained',
        unexpectedExits: [],
        projects: total,
        duplicateProjects: none,
        projectCreatedEvents: total,
        duplicateProjectEvents: 0,
        unrelayed: 0,
        undelivered: none,
        deadLetters: 0,
        eventsWithoutRun: none,
        strayRuns: 0,
        runsNotSucceeded: none,
        actionsNotSucceeded: none,
        runsWithWrongActions: 0,
        projectsWithoutComment: none,
        duplicateEffects: { extraRuns: 0, extraComments: 0, extraDeliveries: 0 },
        eventsWithoutDelivery: none,
        deliveriesNotDelivered: none,
        lost: none,
        unverifiedRequests: 0,
        strangers: none,
        stuckJobRuns: none,
        failedJobRuns: none,
        ledgerDisagreements: none,
        leftoverJobs: [],
        failedJobs: [],
      });
      // The process logs are kept (their folder printed above) only when something failed.
      await rm(logDir, { recursive: true, force: true });
    },
    8 * 60_000,
  );
});
