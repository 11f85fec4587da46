/**
 * The event backbone end to end on real PostgreSQL and a real NATS: the
 * outbox, the relay (two of them at once), idempotent consumers with retries
 * and dead letters, causation and trace, the event catalog, the metrics, and
 * JetStream as a target of its own that a NATS outage cannot stop the
 * consumers with.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { SecretBox } from '@keel/platform-crypto';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { keelMigrations } from '@keel/schema';
import { tenantIsolationSql } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { BreakableLink } from './support/backbone/breakable-link';
import { messageIdsOn } from './support/backbone/jetstream-messages';
import { behaviourOf } from './support/backbone/probe-behaviour';
import { PROBE_CONSUMER, PROBE_EVENT } from './support/backbone/probe-backbone.module';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { httpRequest, jsonObject, postJson } from './support/http';
import { signUp, SignedInPerson } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { parseSamples } from './support/prometheus-text';
import { promtoolCheckMetrics } from './support/promtool';

const NATS_URL = process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
const NATS_STREAM = 'KEEL_EVENTS';

/** Where the probe table the probe consumer writes its effects to comes from. */
const PROBE_EFFECTS_SQL = `
  SET ROLE keel_owner;
  CREATE TABLE probe_effects (workspace_id uuid NOT NULL, event_id uuid NOT NULL, label text NOT NULL);
  ${tenantIsolationSql('probe_effects')}
  RESET ROLE;`;

/** The span id in a traceparent (00-<trace id>-<span id>-<flags>). */
const spanIdOf = (traceparent: string | null): string | undefined => traceparent?.split('-')[2];

describe('the event backbone', () => {
  let database: TestDatabase;
  let first: RunningBackboneProbe;
  let second: RunningBackboneProbe;
  let owner: SignedInPerson;
  let workspaceId: string;
  const env = { KEEL_MASTER_KEY: SecretBox.generateKey(), NATS_URL, OUTBOX_POLL_INTERVAL_MS: '1000' };

  const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => database.dataSource.query(sql, params);
  const publish = (label: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    postJson(
      `${first.url}/v1/workspaces/${workspaceId}/probe/events`,
      { label, ...extra },
      { authorization: `Bearer ${owner.accessToken}`, ...headers },
    );
  const effectsOf = async (label: string): Promise<number> => {
    const [row] = await rows<{ count: number }>('SELECT count(*)::int AS count FROM probe_effects WHERE label = $1', [
      label,
    ]);
    return row.count;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: keelMigrations });
    await database.dataSource.query(PROBE_EFFECTS_SQL);
    // Two processes' worth of relays and workers on one database.
    first = await startBackboneProbe(database.url, env);
    second = await startBackboneProbe(database.url, env);
    owner = await signUp(first.url, 'backbone-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Backbone Works' })).id;
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('should list the catalog with each type, its version and the JSON Schema of its data', async () => {
    const answer = await httpRequest(`${first.url}/v1/event-types`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });

    expect(answer.status).toBe(200);
    expect(jsonObject(answer)['data']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: PROBE_EVENT,
          version: 1,
          schema: expect.objectContaining({ required: ['label'] }),
        }),
      ]),
    );
  });

  it('should relay a committed event to its consumer, which takes effect once', async () => {
    const published = await publish('once');
    expect(published.status).toBe(201);
    const eventId = String(jsonObject(published)['id']);

    await pollUntil(
      'the effect',
      () => effectsOf('once'),
      (count) => count === 1,
    );
    const [delivery] = await rows<{ status: string }>(
      'SELECT status FROM event_deliveries WHERE consumer = $1 AND event_id = $2',
      [PROBE_CONSUMER, eventId],
    );
    const [outbox] = await rows<{ relayed_at: Date | null }>('SELECT relayed_at FROM outbox WHERE id = $1', [eventId]);
    expect(delivery.status).toBe('delivered');
    expect(outbox.relayed_at).not.toBeNull();
  });

  it('should never relay an event whose transaction rolled back', async () => {
    const refused = await publish('rolled-back', { rollback: true });

    expect(refused.status).toBe(409);
    await publish('after-rollback');
    await pollUntil(
      'the later event',
      () => effectsOf('after-rollback'),
      (count) => count === 1,
    );
    expect(await rows("SELECT 1 FROM outbox WHERE data->>'label' = $1", ['rolled-back'])).toEqual([]);
    expect(await effectsOf('rolled-back')).toBe(0);
  });

  it('should take no second effect when the same delivery arrives again', async () => {
    const eventId = String(jsonObject(await publish('duplicate'))['id']);
    await pollUntil(
      'the effect',
      () => effectsOf('duplicate'),
      (count) => count === 1,
    );
    const [job] = await rows<{ data: Record<string, unknown> }>(
      `SELECT data FROM pgboss.job WHERE name = $1 AND data->'event'->>'id' = $2`,
      [`event.${PROBE_CONSUMER}`, eventId],
    );

    // The same delivery once more, as a relay that crashed before its commit was seen would send it.
    const duplicateJobId = await first.app.get(JobQueue).pgBoss.send(`event.${PROBE_CONSUMER}`, job.data);

    await pollUntil(
      'the duplicate delivery completed',
      () => rows<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [duplicateJobId]),
      (found) => found[0]?.state === 'completed',
    );
    expect(behaviourOf('duplicate').attempts).toBe(1);
    expect(await effectsOf('duplicate')).toBe(1);
  });

  it('should share the outbox between two relays without relaying an event twice', async () => {
    const labels = Array.from({ length: 200 }, (_, index) => `burst-${index}`);
    await Promise.all(labels.map((label) => publish(label)));

    await pollUntil(
      'every burst effect',
      async () =>
        (
          await rows<{ count: number }>(`SELECT count(*)::int AS count FROM probe_effects WHERE label LIKE 'burst-%'`)
        )[0].count,
      (count) => count >= labels.length,
      { timeoutMs: 60_000 },
    );
    const perEvent = await rows<{ jobs: number }>(
      `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = $1 AND data->'event'->'data'->>'label' LIKE 'burst-%'
        GROUP BY data->'event'->>'id'`,
      [`event.${PROBE_CONSUMER}`],
    );
    expect(perEvent).toHaveLength(labels.length);
    expect(perEvent.every((row) => row.jobs === 1)).toBe(true);
    const [effects] = await rows<{ count: number; distinct: number }>(
      `SELECT count(*)::int AS count, count(DISTINCT event_id)::int AS distinct FROM probe_effects WHERE label LIKE 'burst-%'`,
    );
    expect(effects).toEqual({ count: labels.length, distinct: labels.length });
  });

  it('should stamp events published while handling an event with their cause and one more depth', async () => {
    behaviourOf('cause').publishFollowUp = true;
    const causeId = String(jsonObject(await publish('cause'))['id']);

    const [followUp] = await pollUntil(
      'the follow-up event',
      () =>
        rows<{ causation_id: string; depth: number }>(
          `SELECT causation_id, depth FROM outbox WHERE data->>'label' = 'cause+1'`,
        ),
      (found) => found.length === 1,
    );
    expect(followUp).toEqual({ causation_id: causeId, depth: 1 });
  });

  it("should continue the event's trace in what its consumer publishes, in a span of the consumer's own", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    behaviourOf('traced').publishFollowUp = true;
    const causeId = String(
      jsonObject(await publish('traced', {}, { traceparent: `00-${traceId}-b7ad6b7169203331-01` }))['id'],
    );

    const [followUp] = await pollUntil(
      'the follow-up event',
      () =>
        rows<{ causation_id: string; traceparent: string | null }>(
          `SELECT causation_id, traceparent FROM outbox WHERE data->>'label' = 'traced+1'`,
        ),
      (found) => found.length === 1,
    );
    const [cause] = await rows<{ traceparent: string | null }>('SELECT traceparent FROM outbox WHERE id = $1', [
      causeId,
    ]);
    expect(cause.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(followUp.causation_id).toBe(causeId);
    expect(followUp.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(spanIdOf(followUp.traceparent)).not.toBe(spanIdOf(cause.traceparent));
  });

  it('should retry a failing delivery, dead-letters it after the last attempt, and replays it through the API', async () => {
    behaviourOf('doomed').failuresLeft = 2; // the first attempt and its one retry
    const eventId = String(jsonObject(await publish('doomed'))['id']);
    const auth = { authorization: `Bearer ${owner.accessToken}` };

    const deadLetters = await pollUntil(
      'the dead letter',
      async () =>
        jsonObject(await httpRequest(`${first.url}/v1/workspaces/${workspaceId}/dead-letters`, { headers: auth })),
      (body) => (body['data'] as Array<{ eventId: string }>).some((letter) => letter.eventId === eventId),
      { timeoutMs: 40_000 },
    );
    const letter = (deadLetters['data'] as Array<Record<string, unknown>>).find((item) => item['eventId'] === eventId);
    expect(letter).toMatchObject({ consumer: PROBE_CONSUMER, eventType: PROBE_EVENT, status: 'dead', attempts: 2 });
    expect(String(letter?.['lastError'])).toContain('probe failure for doomed');
    expect(await effectsOf('doomed')).toBe(0);

    const replayed = await postJson(
      `${first.url}/v1/workspaces/${workspaceId}/dead-letters/${String(letter?.['id'])}/replay`,
      {},
      auth,
    );

    expect(replayed.status).toBe(202);
    expect(jsonObject(replayed)).toMatchObject({ status: 'retrying' });
    await pollUntil(
      'the replayed effect',
      () => effectsOf('doomed'),
      (count) => count === 1,
    );
    const again = await postJson(
      `${first.url}/v1/workspaces/${workspaceId}/dead-letters/${String(letter?.['id'])}/replay`,
      {},
      auth,
    );
    expect(again.status).toBe(409);
  });

  it('should prune relayed events and their completed deliveries after EVENTS_RETENTION_DAYS, keeping dead letters replayable', async () => {
    behaviourOf('left dead').failuresLeft = 1_000;
    const doneId = String(jsonObject(await publish('aged out'))['id']);
    const deadId = String(jsonObject(await publish('left dead'))['id']);
    const recentId = String(jsonObject(await publish('still recent'))['id']);
    const settled = (eventId: string, status: string) =>
      pollUntil(
        `event ${eventId} ${status} and acknowledged by JetStream`,
        () =>
          rows<{ status: string; nats_pending: boolean }>(
            `SELECT d.status, o.nats_pending FROM outbox o JOIN event_deliveries d ON d.event_id = o.id WHERE o.id = $1`,
            [eventId],
          ),
        (found) => found.length === 1 && found[0].status === status && !found[0].nats_pending,
        { timeoutMs: 40_000 },
      );
    await settled(doneId, 'delivered');
    await settled(recentId, 'delivered');
    await settled(deadId, 'dead');
    // Forty days pass for two of them.
    await rows(`UPDATE outbox SET relayed_at = now() - interval '40 days' WHERE id = ANY($1)`, [[doneId, deadId]]);
    await rows(`UPDATE event_deliveries SET updated_at = now() - interval '40 days' WHERE event_id = ANY($1)`, [
      [doneId, deadId],
    ]);

    await first.app.get(JobQueue).trigger('events.retention');

    await pollUntil(
      'the aged-out event pruned',
      () => rows('SELECT 1 FROM outbox WHERE id = $1', [doneId]),
      (found) => found.length === 0,
    );
    expect(await rows('SELECT 1 FROM event_deliveries WHERE event_id = $1', [doneId])).toEqual([]);
    expect(await rows('SELECT id FROM outbox WHERE id = ANY($1) ORDER BY id', [[deadId, recentId]])).toHaveLength(2);
    const letters = jsonObject(
      await httpRequest(`${first.url}/v1/workspaces/${workspaceId}/dead-letters`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      }),
    )['data'] as Array<{ eventId: string }>;
    expect(letters.map((letter) => letter.eventId)).toContain(deadId);
  });

  it('should publish every event to JetStream on keel.<workspaceId>.<type> with the event id as message id', async () => {
    const eventId = String(jsonObject(await publish('to-nats'))['id']);
    // JetStream is a target of its own: the event is stamped once the stream acknowledged it.
    await pollUntil(
      'the JetStream acknowledgement',
      () =>
        rows<{ nats_pending: boolean; published_to_nats_at: Date | null }>(
          'SELECT nats_pending, published_to_nats_at FROM outbox WHERE id = $1',
          [eventId],
        ),
      (found) => found[0]?.published_to_nats_at !== null && found[0]?.nats_pending === false,
    );
    const connection = await connect({ servers: NATS_URL });
    try {
      const manager = await jetstreamManager(connection);
      const message = await manager.streams.getMessage(NATS_STREAM, {
        last_by_subj: `keel.${workspaceId}.${PROBE_EVENT}`,
      });
      expect(message?.header?.get('Nats-Msg-Id')).toBe(eventId);
      expect(message?.json<Record<string, unknown>>()).toMatchObject({ id: eventId, workspaceId, type: PROBE_EVENT });
      // Published again (a relay that crashed before stamping the row), JetStream drops it as a duplicate.
      const ack = await jetstream(connection).publish(
        `keel.${workspaceId}.${PROBE_EVENT}`,
        new TextEncoder().encode(JSON.stringify({ id: eventId })),
        { msgID: eventId },
      );
      expect(ack.duplicate).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it('should expose the backbone metrics in a form promtool accepts', async () => {
    await publish('measured');
    await pollUntil(
      'the effect',
      () => effectsOf('measured'),
      (count) => count === 1,
    );
    // Either process may have relayed and consumed it: look at both.
    const expositions = await Promise.all(
      [first, second].map(async (probe) => (await httpRequest(`${probe.url}/metrics`)).text),
    );
    const names = new Set(expositions.flatMap((text) => parseSamples(text).map((sample) => sample.name)));

    for (const name of [
      'keel_outbox_lag_seconds',
      'keel_outbox_nats_lag_seconds',
      'keel_events_relayed_total',
      'keel_events_consumed_total',
      'keel_event_consume_duration_seconds_bucket',
      'keel_event_pickup_latency_seconds_bucket',
    ]) {
      expect(names).toContain(name);
    }
    for (const text of expositions) expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });
});

describe('the event backbone while NATS is away', () => {
  let database: TestDatabase;
  let link: BreakableLink;
  let probe: RunningBackboneProbe;
  let owner: SignedInPerson;
  let workspaceId: string;

  const rows = <T>(sql: string, params: unknown[] = []): Promise<T[]> => database.dataSource.query(sql, params);
  const publishMany = async (labels: string[]): Promise<string[]> => {
    const answers = await Promise.all(
      labels.map((label) =>
        postJson(
          `${probe.url}/v1/workspaces/${workspaceId}/probe/events`,
          { label },
          { authorization: `Bearer ${owner.accessToken}` },
        ),
      ),
    );
    return answers.map((answer) => String(jsonObject(answer)['id']));
  };
  const effectsOf = async (eventIds: string[]): Promise<number> => {
    const [row] = await rows<{ count: number }>(
      'SELECT count(*)::int AS count FROM probe_effects WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return row.count;
  };
  const natsStateOf = (eventIds: string[]) =>
    rows<{ relayed: boolean; nats_pending: boolean; published: boolean }>(
      `SELECT relayed_at IS NOT NULL AS relayed, nats_pending, published_to_nats_at IS NOT NULL AS published
         FROM outbox WHERE id = ANY($1::uuid[])`,
      [eventIds],
    );
  const everyOne = (expected: { relayed: boolean; nats_pending: boolean; published: boolean }, count: number) => {
    return (states: Array<typeof expected>) =>
      states.length === count && states.every((state) => JSON.stringify(state) === JSON.stringify(expected));
  };
  const inJetStream = (): Promise<string[]> => messageIdsOn(NATS_URL, NATS_STREAM, `keel.${workspaceId}.>`);
  const natsLag = async (): Promise<number | undefined> =>
    parseSamples((await httpRequest(`${probe.url}/metrics`)).text).find(
      (sample) => sample.name === 'keel_outbox_nats_lag_seconds',
    )?.value;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: keelMigrations });
    await database.dataSource.query(PROBE_EFFECTS_SQL);
    // The relay reaches the real NATS only through the link, which starts cut: NATS is unreachable from the start.
    link = await BreakableLink.open(NATS_URL);
    await link.cut();
    probe = await startBackboneProbe(database.url, {
      KEEL_MASTER_KEY: SecretBox.generateKey(),
      NATS_URL: link.url(),
      OUTBOX_POLL_INTERVAL_MS: '1000',
    });
    owner = await signUp(probe.url, 'outage-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Outage Works' })).id;
  });

  afterAll(async () => {
    await probe?.close();
    await link?.close();
    await database?.drop();
  });

  it('should hand events to the consumers while NATS is unreachable, and publishes each to JetStream once it answers', async () => {
    const eventIds = await publishMany(Array.from({ length: 20 }, (_, index) => `unreachable-${index}`));

    await pollUntil(
      'every effect, NATS unreachable',
      () => effectsOf(eventIds),
      (count) => count === eventIds.length,
    );
    expect(await natsStateOf(eventIds)).toEqual(
      eventIds.map(() => ({ relayed: true, nats_pending: true, published: false })),
    );
    await pollUntil('the JetStream lag metric showing the wait', natsLag, (lag) => lag !== undefined && lag > 0);
    expect(await inJetStream()).toEqual([]);

    await link.restore();

    await pollUntil(
      'every event acknowledged by JetStream',
      () => natsStateOf(eventIds),
      everyOne({ relayed: true, nats_pending: false, published: true }, eventIds.length),
      { timeoutMs: 40_000 },
    );
    // Each probe event once; anything else on the workspace's subjects is one of its own events (member.added for
    // its creator, written when the workspace was created), never a stranger's.
    const published = await inJetStream();
    const ownEvents = await rows<{ id: string }>('SELECT id FROM outbox WHERE workspace_id = $1', [workspaceId]);
    expect(published).toEqual(expect.arrayContaining(eventIds));
    expect(new Set(published).size).toBe(published.length);
    expect(ownEvents.map((event) => event.id)).toEqual(expect.arrayContaining(published));
  });

  it('should keep the consumers going when NATS goes away mid-run, and catches JetStream up without a duplicate', async () => {
    const [before] = await publishMany(['before-the-cut']);
    await pollUntil(
      'the event before the cut in JetStream',
      () => natsStateOf([before]),
      everyOne({ relayed: true, nats_pending: false, published: true }, 1),
    );
    const earlier = await inJetStream();

    await link.cut();
    const eventIds = await publishMany(Array.from({ length: 20 }, (_, index) => `cut-${index}`));

    await pollUntil(
      'every effect, NATS gone',
      () => effectsOf(eventIds),
      (count) => count === eventIds.length,
    );
    expect(await natsStateOf(eventIds)).toEqual(
      eventIds.map(() => ({ relayed: true, nats_pending: true, published: false })),
    );

    await link.restore();

    await pollUntil(
      'every event acknowledged by JetStream after the reconnection',
      () => natsStateOf(eventIds),
      everyOne({ relayed: true, nats_pending: false, published: true }, eventIds.length),
      { timeoutMs: 40_000 },
    );
    // Every event of the workspace exactly once, by message id: the earlier ones, and each of these once.
    const stored = await inJetStream();
    expect(stored.slice(0, earlier.length)).toEqual(earlier);
    expect(stored.slice(earlier.length).sort()).toEqual([...eventIds].sort());
    expect(new Set(stored).size).toBe(stored.length);
  });
});
