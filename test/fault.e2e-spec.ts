/**
 * The fault suite: two API processes and two worker processes, built and
 * run as separate real processes on a PostgreSQL of the suite's own, talking
 * to the real NATS only through a link the suite can cut, and a receiver that
 * verifies every webhook the way a customer's would. Hundreds of projects
 * are created through both APIs (a send whose API died is retried on the
 * other), each firing a rule with a webhook action and a comment action,
 * while APIs and workers are killed with SIGKILL (each kill only once work is
 * under way in it: requests unanswered, jobs held) and started again,
 * PostgreSQL is stopped and started once, and NATS is cut once.
 *
 * Once everything has drained (read from the database, not waited for):
 * exactly the planned kills happened, each with work in flight; every event
 * of every type the run caused reached each consumer once, took each effect
 * once (one run per rule and event, one comment per project, one webhook
 * delivery per event), reached the receiver, and is in JetStream exactly
 * once by message id; wire duplicates stay under 1 % of deliveries; no job
 * is stuck and the job ledger agrees with pg-boss. It prints its counts on
 * one line.
 *
 * FAULT_SEED=<seed> replays the random moments of an earlier run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { SecretBox } from '@keel/platform-crypto';
import { findFreePort } from '@keel/platform-database';
import { runKeelCommand } from '@keel/platform-testing';
import { BreakableLink } from './support/backbone/breakable-link';
import { messageIdsOn } from './support/backbone/jetstream-messages';
import { ProcessKind, runChaos } from './support/fault/chaos';
import {
  DrainState,
  drainState,
  hasPendingWork,
  isDrained,
  LedgerFindings,
  readLedger,
} from './support/fault/fault-ledger';
import { RequestsInFlight, sendProjects } from './support/fault/project-senders';
import { seededRandom, sleep } from './support/fault/random';
import { receivedOn, receiverFindings } from './support/fault/receiver-findings';
import { SupervisedKeel } from './support/fault/supervised-keel';
import { attemptsCut, queueWork } from './support/fault/work-at-kill';
import { jsonObject, postJson } from './support/http';
import { signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { RestartablePostgres } from './support/restartable-postgres';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const NATS_URL = process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
const NATS_STREAM = 'KEEL_EVENTS';
const WORKSPACES = 3;
/**
 * 3 × 300 = 900 project.created events, and as many comment.created ones from the rule. A worker kill
 * repeats the webhooks it had sent but not yet recorded, and so does PostgreSQL going away between a send
 * and its record: at most WEBHOOK_CONCURRENCY per worker and fault. At the default (20) three kills on a
 * loaded machine repeated 17 of 900; the workers here send one attempt at a time (WORKER_WEBHOOK_CONCURRENCY),
 * so the faults can repeat at most 3 + 2 and the 1 % bound on wire duplicates (9) is one the design keeps.
 */
const PROJECTS_PER_WORKSPACE = 300;
const SENDERS = 6;
/** The sends are paced over about this long, but the last share of them trickles (one every TRICKLE_MS) until the faults are done. */
const SEND_SPREAD_MS = 40_000;
const HELD_SHARE = 0.3;
const TRICKLE_MS = 400;
/** Every process is killed at least once; one of each kind twice. */
const KILLS: Record<ProcessKind, number> = { api: 3, worker: 3 };
/** PostgreSQL goes down once this share of the projects has landed; NATS is cut at the other. */
const OUTAGE_AT_SHARE = 0.4;
const NATS_CUT_AT_SHARE = 0.15;
/**
 * A worker kill waits until the workers hold at least this many pg-boss attempts, so that the victim very
 * likely holds some itself (which attempts were the victim's shows only afterwards: those never completed).
 */
const WORKER_KILL_MIN_HELD = 4;
/** A kill waits at most this long for work to be under way in its process. */
const WORK_WAIT_MS = 30_000;
/** Webhook attempts each worker sends at once (WEBHOOK_CONCURRENCY): what bounds the repeats a fault causes. */
const WORKER_WEBHOOK_CONCURRENCY = 1;
/** Wire duplicates (one webhook-id received twice) allowed, as a share of the webhook deliveries. */
const WIRE_DUPLICATES_SHARE = 0.01;
/** Long enough for orphaned runs to be reaped (30 s heartbeat, 10 s sweep) and pg-boss expiries (up to 120 s). */
const DRAIN_DEADLINE_MS = 240_000;
/** Nothing queued, held or pending, yet not drained, for this long: it never will be (a failure, reported early). */
const STALL_MS = 20_000;
/** The endpoints subscribe to a type that never occurs here: only the rules' send_webhook actions deliver. */
const UNUSED_EVENT_TYPES = ['webhook_endpoint.disabled'];

type DrainOutcome = 'drained' | 'stalled' | 'deadline';

/** The drain state in a few words: only what is still open. */
function describeState(state: DrainState): string {
  const open = [
    state.unrelayed && `unrelayed=${state.unrelayed}`,
    state.natsPending && `nats-pending=${state.natsPending}`,
    state.delivered < state.events * 2 && `undelivered=${state.events * 2 - state.delivered}`,
    state.openRuns && `open-runs=${state.openRuns}`,
    state.openJobRuns && `open-job-runs=${state.openJobRuns} (running ${state.runningJobRuns})`,
    state.openWebhookDeliveries && `open-webhooks=${state.openWebhookDeliveries}`,
    state.waitingJobs && `pg-boss-waiting=${state.waitingJobs} (${state.waitingByQueue})`,
  ].filter(Boolean);
  return open.length > 0 ? open.join(',') : 'quiet';
}

interface Workspace {
  id: string;
  accessToken: string;
  receiverPath: string;
}

describe('fault suite: two APIs and two workers under kill -9, a PostgreSQL restart and a NATS cut', () => {
  const random = seededRandom(process.env['FAULT_SEED'] ? Number(process.env['FAULT_SEED']) : undefined);
  const began = Date.now();
  const clock = () => (Date.now() - began) / 1000;
  let postgres: RestartablePostgres;
  let natsLink: BreakableLink;
  let receiver: WebhookReceiver;
  const apis: SupervisedKeel[] = [];
  const workers: SupervisedKeel[] = [];
  let pool: Pool;
  let logDir: string;
  const workspaces: Workspace[] = [];
  let ending = false;
  let chaosRunning: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    postgres = await RestartablePostgres.start();
    natsLink = await BreakableLink.open(NATS_URL);
    logDir = await mkdtemp(join(tmpdir(), 'keel-fault-logs-'));
    const env = {
      DATABASE_URL: postgres.url,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      NATS_URL: natsLink.url(),
      NATS_STREAM,
      LOG_LEVEL: 'warn',
      DB_MIGRATE_ON_START: 'false',
    };
    // Migrated once before any process starts; none migrates on (re)start.
    const migrated = await runKeelCommand({ entry: 'dist/apps/api/main.js', args: ['db:migrate'], env });
    if (migrated.code !== 0) throw new Error(`db:migrate failed (${migrated.code}):\n${migrated.output}`);
    for (const name of ['a', 'b']) {
      apis.push(
        new SupervisedKeel({
          role: `api-${name}`,
          entry: 'dist/apps/api/main.js',
          // A port of its own, kept across restarts: the senders keep its address.
          env: { ...env, KEEL_ROLE: 'api', PORT: String(await findFreePort()) },
          logDir,
          clock,
        }),
      );
      workers.push(
        new SupervisedKeel({
          role: `worker-${name}`,
          entry: 'dist/apps/worker/main.js',
          env: { ...env, KEEL_ROLE: 'worker', WEBHOOK_CONCURRENCY: String(WORKER_WEBHOOK_CONCURRENCY) },
          logDir,
          clock,
        }),
      );
    }
    await Promise.all([...apis, ...workers].map((process) => process.start()));
    pool = new Pool({ connectionString: postgres.url, max: 3 });
    // Idle connections die with PostgreSQL's restart; the pool replaces them.
    pool.on('error', () => undefined);

    const api = apis[0].url;
    for (let index = 1; index <= WORKSPACES; index++) {
      const owner = await signUp(api, `fault-owner-${index}`);
      const workspace = await createWorkspace(owner, { name: `Fault Works ${index}` });
      const auth = { authorization: `Bearer ${owner.accessToken}` };
      const receiverPath = `/fault/${index}`;
      const endpoint = await postJson(
        `${api}/v1/workspaces/${workspace.id}/webhook-endpoints`,
        { url: receiver.url(receiverPath), eventTypes: UNUSED_EVENT_TYPES, enabled: true, description: 'fault suite' },
        auth,
      );
      expect(endpoint.status).toBe(201);
      const { id: endpointId, secret } = jsonObject(endpoint);
      receiver.expectSecret(receiverPath, String(secret));
      const rule = await postJson(
        `${api}/v1/workspaces/${workspace.id}/automations`,
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
  }, 300_000);

  afterAll(async () => {
    ending = true;
    await chaosRunning.catch(() => undefined);
    await Promise.all([...workers, ...apis].map((process) => process.close()));
    await pool?.end().catch(() => undefined);
    await natsLink?.close();
    await receiver?.close();
    await postgres?.destroy();
  });

  it(
    'should kill exactly the planned processes mid-work, and still take every effect of every event once, JetStream included',
    async () => {
      const workspaceIds = workspaces.map((workspace) => workspace.id);
      const paths = workspaces.map((workspace) => workspace.receiverPath);
      const total = WORKSPACES * PROJECTS_PER_WORKSPACE;
      let outageDue: () => void = () => undefined;
      const outageAt = new Promise<void>((due) => (outageDue = due));
      let natsCutDue: () => void = () => undefined;
      const natsCutAt = new Promise<void>((due) => (natsCutDue = due));
      const inFlight = new RequestsInFlight();

      // The send phase, with the faults running beside it: the sends are paced until the faults are done.
      const chaos = runChaos({
        apis,
        workers,
        postgres,
        natsLink,
        random,
        kills: KILLS,
        outageDue: outageAt,
        natsCutDue: natsCutAt,
        upMs: [800, 2_500],
        downMs: [300, 1_500],
        outageMs: [3_000, 5_000],
        natsCutMs: [3_000, 6_000],
        requestsInFlight: (api) => inFlight.of(api),
        queueWork: () => queueWork(pool),
        natsPending: async () =>
          Number(
            (
              await pool.query<{ count: string }>(
                'SELECT count(*) AS count FROM outbox WHERE workspace_id = ANY($1) AND nats_pending',
                [workspaceIds],
              )
            ).rows[0].count,
          ),
        workWaitMs: WORK_WAIT_MS,
        workerKillMinHeld: WORKER_KILL_MIN_HELD,
        clock,
        stopped: () => ending,
      });
      chaosRunning = chaos;
      let chaosDone = false;
      const faultsDone = chaos.then(
        () => void (chaosDone = true),
        () => void (chaosDone = true),
      );
      const sendStarted = clock();
      const sent = await sendProjects({
        apis,
        inFlight,
        targets: workspaces.map((workspace) => ({ workspaceId: workspace.id, accessToken: workspace.accessToken })),
        perWorkspace: PROJECTS_PER_WORKSPACE,
        senders: SENDERS,
        spreadMs: SEND_SPREAD_MS,
        unpaced: faultsDone,
        heldShare: HELD_SHARE,
        trickleMs: TRICKLE_MS,
        onLanded: (landed) => {
          if (landed >= total * NATS_CUT_AT_SHARE) natsCutDue();
          if (landed >= total * OUTAGE_AT_SHARE) outageDue();
        },
      }).catch((error: unknown) => {
        ending = true;
        outageDue();
        natsCutDue();
        throw error;
      });
      const sendEnded = Date.now();

      // The drain: read from the database until everything is done, or nothing is left that could still change it.
      let outcome: DrainOutcome = 'deadline';
      let state: DrainState | undefined;
      let drainedAt = 0;
      let stalledSince: number | undefined;
      const trace: string[] = [];
      let traced = 0;
      for (;;) {
        state = await drainState(pool, workspaceIds).catch(() => state);
        if (state && Date.now() - traced >= 10_000) {
          traced = Date.now();
          trace.push(`${clock().toFixed(0)}s ${describeState(state)} received=${receivedOn(receiver, paths).length}`);
        }
        if (chaosDone && state) {
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
        }
        if (Date.now() - sendEnded > DRAIN_DEADLINE_MS) break;
        await sleep(500);
      }
      const chaosLog = await chaos;
      await Promise.all([...apis, ...workers].map((process) => process.settled()));

      const ledger: LedgerFindings = await readLedger(pool, workspaceIds);
      const byType = Object.fromEntries(
        Object.entries(ledger.byType).map(([type, tally]) => [type, tally.events]),
      ) as Record<string, number>;
      // JetStream, read straight from NATS: every event of the run by its message id, once.
      const onStream = (
        await Promise.all(workspaceIds.map((id) => messageIdsOn(NATS_URL, NATS_STREAM, `keel.${id}.>`)))
      ).flat();
      const streamCounts = new Map<string, number>();
      for (const id of onStream) streamCounts.set(id, (streamCounts.get(id) ?? 0) + 1);
      const eventIds = new Set(ledger.events.map((event) => event.id));
      const jetStream = {
        missing: ledger.events.filter((event) => !streamCounts.has(event.id)).map((e) => `${e.type} ${e.id}`),
        storedTwice: [...streamCounts].filter(([, count]) => count > 1).map(([id]) => id),
        strangers: [...streamCounts.keys()].filter((id) => !eventIds.has(id)),
      };
      // Webhooks carry project.created events only (the rules' send_webhook); the receiver saw each.
      const webhookEventIds = ledger.events.filter((event) => event.type === 'project.created').map((e) => e.id);
      const wire = receiverFindings(receivedOn(receiver, paths), webhookEventIds);
      const wireDuplicatesAllowed = Math.floor(ledger.webhookDeliveries * WIRE_DUPLICATES_SHARE);

      // Which kills landed on work: API kills on unanswered requests; worker kills on held attempts, and which
      // of those never completed (the dead worker's, cut by the kill).
      const kills = await Promise.all(
        chaosLog.kills.map(async (kill) => ({
          ...kill,
          cut: kill.kind === 'worker' ? (await attemptsCut(pool, kill.activeAttempts ?? [])).length : undefined,
        })),
      );
      const killsOf = (kind: ProcessKind) => kills.filter((kill) => kill.kind === kind);
      const killed = { api: killsOf('api').length, worker: killsOf('worker').length };
      const supervisedKills = {
        api: apis.reduce((sum, process) => sum + process.kills, 0),
        worker: workers.reduce((sum, process) => sum + process.kills, 0),
      };
      const inFlightAtApiKills = killsOf('api').map((kill) => kill.requestsInFlight ?? 0);
      const heldAtWorkerKills = killsOf('worker').map(
        (kill) => (kill.activeAttempts?.length ?? 0) + (kill.runningJobRuns ?? 0),
      );
      const cutAtWorkerKills = killsOf('worker').map((kill) => kill.cut ?? 0);

      const duplicateEffects =
        ledger.extraComments +
        ledger.extraDeliveries +
        ledger.extraRuns +
        ledger.duplicateProjectEvents +
        ledger.duplicateCommentEvents;
      const lost =
        ledger.undelivered.count +
        ledger.eventsWithoutRun.count +
        ledger.projectsWithoutComment.count +
        ledger.eventsWithoutDelivery.count +
        ledger.commentsWithoutEvent.count +
        wire.lost.count;
      const drainSeconds =
        outcome === 'drained'
          ? ((drainedAt - sendEnded) / 1000).toFixed(1)
          : `>${((Date.now() - sendEnded) / 1000).toFixed(0)}`;
      const unexpectedExits = [...apis, ...workers].flatMap((process) => process.unexpectedExits);

      console.log(
        `[fault] events=${ledger.outboxEvents} ${JSON.stringify(byType)} ` +
          `kills=api ${killed.api}/${KILLS.api} (in flight ${inFlightAtApiKills.join(',')}) ` +
          `worker ${killed.worker}/${KILLS.worker} (held ${heldAtWorkerKills.join(',')}; cut ${cutAtWorkerKills.join(',')}) ` +
          `pg-outage=${(chaosLog.outageMs / 1000).toFixed(1)}s nats-cut=${(chaosLog.natsCutMs / 1000).toFixed(1)}s ` +
          `(pending ${chaosLog.natsPendingAtRestore}) lost=${lost} duplicate-effects=${duplicateEffects} ` +
          `jetstream=${onStream.length} (missing ${jetStream.missing.length}, twice ${jetStream.storedTwice.length}) ` +
          `wire-duplicates=${wire.wireDuplicates}/${ledger.webhookDeliveries} deliveries (allowed ${wireDuplicatesAllowed}) ` +
          `time-to-drain=${drainSeconds}s (${outcome}) total=${clock().toFixed(0)}s ` +
          `crashes=${unexpectedExits.length} seed=${random.seed}`,
      );
      console.log(
        [
          `[fault] send phase: ${sent.landed} projects in ${(sent.durationMs / 1000).toFixed(1)} s from ${SENDERS} senders ` +
            `over ${apis.length} APIs (started at ${sendStarted.toFixed(1)} s); retries=${sent.retries}, ` +
            `failed over=${sent.failedOver}, committed-before-retry=${sent.committedEarlier}, ` +
            `failed answers=${JSON.stringify(sent.failedAnswers)}`,
          `[fault] faults: ${chaosLog.timeline.join('; ')}`,
          `[fault] by type: ${JSON.stringify(ledger.byType)}`,
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

      // The faults happened exactly as planned, each on work in flight, or the run proves nothing.
      expect({
        killed,
        supervisedKills,
        missed: chaosLog.missed,
        apiKillsWithNothingInFlight: inFlightAtApiKills.filter((count) => count === 0).length,
        workerKillsWithNothingHeld: heldAtWorkerKills.filter((count) => count === 0).length,
        attemptsCutByWorkerKills: cutAtWorkerKills.reduce((sum, count) => sum + count, 0) > 0,
        postgresWentDown: chaosLog.outageMs > 0,
        natsWasCut: chaosLog.natsCutMs > 0,
        eventsHeldBackByTheCut: chaosLog.natsPendingAtRestore > 0,
      }).toEqual({
        killed: KILLS,
        supervisedKills: KILLS,
        missed: [],
        apiKillsWithNothingInFlight: 0,
        workerKillsWithNothingHeld: 0,
        attemptsCutByWorkerKills: true,
        postgresWentDown: true,
        natsWasCut: true,
        eventsHeldBackByTheCut: true,
      });
      expect(sent.landed).toBe(total);

      const none = { count: 0, examples: [] };
      // Per event type: every event to every consumer, every rule run and webhook it should cause.
      const typesShort = Object.entries(ledger.byType)
        .filter(
          ([, tally]) =>
            tally.deliveredToAll !== tally.events ||
            tally.runs !== tally.expectedRuns ||
            tally.webhookDeliveries !== tally.expectedWebhookDeliveries,
        )
        .map(([type, tally]) => `${type}: ${JSON.stringify(tally)}`);
      expect({
        drain: outcome,
        unexpectedExits: unexpectedExits.map(
          (exit) => `${exit.role} #${exit.generation}: ${String(exit.exit)} (${exit.log})`,
        ),
        projects: ledger.projects,
        duplicateProjects: ledger.duplicateProjects,
        projectCreatedEvents: byType['project.created'],
        commentCreatedEvents: byType['comment.created'],
        projectsWithoutEvent: ledger.projectsWithoutEvent,
        duplicateProjectEvents: ledger.duplicateProjectEvents,
        commentsWithoutEvent: ledger.commentsWithoutEvent,
        duplicateCommentEvents: ledger.duplicateCommentEvents,
        strayCommentEvents: ledger.strayCommentEvents,
        typesShort,
        unrelayed: ledger.unrelayed,
        notOnJetStream: ledger.notOnJetStream,
        jetStream,
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
          strayDeliveries: ledger.strayDeliveries,
        },
        eventsWithoutDelivery: ledger.eventsWithoutDelivery,
        deliveriesNotDelivered: ledger.deliveriesNotDelivered,
        lost: wire.lost,
        wireDuplicatesWithinBound: wire.wireDuplicates <= wireDuplicatesAllowed,
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
        commentCreatedEvents: total,
        projectsWithoutEvent: none,
        duplicateProjectEvents: 0,
        commentsWithoutEvent: none,
        duplicateCommentEvents: 0,
        strayCommentEvents: none,
        typesShort: [],
        unrelayed: 0,
        notOnJetStream: none,
        jetStream: { missing: [], storedTwice: [], strangers: [] },
        undelivered: none,
        deadLetters: 0,
        eventsWithoutRun: none,
        strayRuns: 0,
        runsNotSucceeded: none,
        actionsNotSucceeded: none,
        runsWithWrongActions: 0,
        projectsWithoutComment: none,
        duplicateEffects: { extraRuns: 0, extraComments: 0, extraDeliveries: 0, strayDeliveries: 0 },
        eventsWithoutDelivery: none,
        deliveriesNotDelivered: none,
        lost: none,
        wireDuplicatesWithinBound: true,
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
    9 * 60_000,
  );
});
