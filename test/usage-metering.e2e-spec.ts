/**
 * Usage metering through the built API on real PostgreSQL: meters, a batch
 * with duplicates and bad timestamps (one bad event never rejects the batch,
 * a repeated id is counted once, also when sent again), the series read from
 * the rollups by day, hour and property, corrections, a hard metered limit
 * refusing the events past what the plan includes, a key that may only
 * report usage, and every authenticated workspace request counted as
 * `api_requests`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createApiKey } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const CATALOG = {
  defaultPlan: 'metered',
  plans: [
    {
      key: 'metered',
      name: 'Metered',
      prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
      trialDays: 0,
      features: {
        tokens: { kind: 'metered', included: 1000, enforcement: 'hard' },
        api_requests: { kind: 'metered', included: null, enforcement: 'soft' },
      },
    },
  ],
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** An hour boundary a few hours back, so every event of a test falls in known hours of one day or two. */
function hoursAgo(hours: number, minutes = 10): string {
  const hour = new Date(Date.now() - hours * HOUR_MS);
  hour.setUTCMinutes(minutes, 0, 0);
  return hour.toISOString();
}

describe('usage metering', () => {
  let dir: TempDir;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;

  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
  const url = (path: string, workspace = workspaceId) => `${baseUrl}/v1/workspaces/${workspace}${path}`;
  const get = (path: string, as = owner.accessToken, workspace = workspaceId): Promise<HttpResult> =>
    httpRequest(url(path, workspace), { headers: bearer(as) });
  const post = (path: string, body: unknown, as = owner.accessToken, workspace = workspaceId): Promise<HttpResult> =>
    postJson(url(path, workspace), body, bearer(as));
  const ok = (result: HttpResult, status = 200): Json => {
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const newWorkspace = async (name: string): Promise<string> =>
    ok(await postJson(`${baseUrl}/v1/workspaces`, { name }, bearer(owner.accessToken)), 201).id as string;

  beforeAll(async () => {
    dir = await makeTempDir('keel-metering');
    const catalogPath = join(dir.path, 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(CATALOG));
    keel = await startKeelOnTestDatabase({ BILLING_CATALOG: catalogPath });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'metering-owner');
    workspaceId = await newWorkspace('Metering Works');
    ok(
      await post('/meters', {
        key: 'llm_tokens',
        eventType: 'llm.completion',
        aggregation: 'sum',
        valueProperty: 'tokens',
        groupBy: ['model'],
      }),
      201,
    );
    ok(await post('/meters', { key: 'completions', eventType: 'llm.completion', aggregation: 'count' }), 201);
    ok(
      await post('/meters', {
        key: 'active_users',
        eventType: 'llm.completion',
        aggregation: 'unique_count',
        valueProperty: 'user',
      }),
      201,
    );
    ok(await post('/meters', { key: 'peak_seats', eventType: 'seats.reported', aggregation: 'max' }), 201);
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await dir?.remove();
  });

  it('should list the meters, and refuse a taken key (409) or one Keel counts itself (422)', async () => {
    const meters = ok(await get('/meters'));
    expect((meters.data as Json[]).map((meter) => [meter.key, meter.aggregation])).toEqual([
      ['active_users', 'unique_count'],
      ['completions', 'count'],
      ['llm_tokens', 'sum'],
      ['peak_seats', 'max'],
    ]);
    expectProblem(await post('/meters', { key: 'completions', eventType: 'x', aggregation: 'count' }), {
      status: 409,
      code: 'METER_KEY_TAKEN',
    });
    const reserved = expectProblem(await post('/meters', { key: 'projects', eventType: 'x', aggregation: 'count' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
    });
    expect(reserved.errors).toEqual([expect.objectContaining({ field: 'key' })]);
  });

  it('should count a batch with duplicates and bad timestamps event by event, and a resent batch as duplicates', async () => {
    const batch = [
      {
        id: 'evt-1',
        type: 'llm.completion',
        timestamp: hoursAgo(3),
        properties: { tokens: 100, model: 'small', user: 'ann' },
      },
      {
        id: 'evt-2',
        type: 'llm.completion',
        timestamp: hoursAgo(3, 40),
        properties: { tokens: 250, model: 'large', user: 'bob' },
      },
      {
        id: 'evt-1',
        type: 'llm.completion',
        timestamp: hoursAgo(3),
        properties: { tokens: 100, model: 'small', user: 'ann' },
      },
      {
        id: 'evt-old',
        type: 'llm.completion',
        timestamp: new Date(Date.now() - 36 * DAY_MS).toISOString(),
        properties: { tokens: 5 },
      },
      {
        id: 'evt-future',
        type: 'llm.completion',
        timestamp: new Date(Date.now() + 10 * 60_000).toISOString(),
        properties: { tokens: 5 },
      },
      { type: 'llm.completion', timestamp: hoursAgo(2), properties: { tokens: 5 } },
      {
        id: 'evt-3',
        type: 'llm.completion',
        timestamp: hoursAgo(2),
        properties: { tokens: 50, model: 'small', user: 'ann' },
      },
      { id: 'evt-no-tokens', type: 'llm.completion', timestamp: hoursAgo(2), properties: { model: 'small' } },
      { id: 'evt-4', type: 'unmetered.thing', timestamp: hoursAgo(2), value: 7 },
    ];

    const first = ok(await post('/usage-events', { events: batch }), 202);

    expect(first).toEqual({
      accepted: 4,
      duplicates: 1,
      rejected: [
        { index: 3, code: 'TIMESTAMP_TOO_OLD', message: 'timestamp is more than 35 days old' },
        { index: 4, code: 'TIMESTAMP_IN_FUTURE', message: 'timestamp is more than 5 minutes ahead' },
        { index: 5, code: 'INVALID_EVENT', message: 'id must be 1 to 128 printable ASCII characters' },
        { index: 7, code: 'INVALID_EVENT', message: 'meter llm_tokens needs properties.tokens' },
      ],
    });
    const again = ok(await post('/usage-events', { events: batch }), 202);
    expect(again).toMatchObject({ accepted: 0, duplicates: 5 });

    const byModel = ok(await get(`/usage?meter=llm_tokens&from=${hoursAgo(4, 0)}&granularity=hour&groupBy=model`));
    expect(byModel).toMatchObject({ meter: 'llm_tokens', aggregation: 'sum', granularity: 'hour', groupBy: 'model' });
    expect(byModel.data).toEqual([
      { start: hoursAgo(3, 0), group: 'large', value: 250 },
      { start: hoursAgo(3, 0), group: 'small', value: 100 },
      { start: hoursAgo(2, 0), group: 'small', value: 50 },
    ]);
    const total = ok(await get(`/usage?meter=llm_tokens&from=${hoursAgo(4, 0)}&granularity=month`));
    expect((total.data as Json[]).reduce((sum, point) => sum + Number(point.value), 0)).toBe(400);
    const count = ok(await get(`/usage?meter=completions&from=${hoursAgo(4, 0)}&granularity=month`));
    expect((count.data as Json[]).reduce((sum, point) => sum + Number(point.value), 0)).toBe(3);
    const users = ok(await get(`/usage?meter=active_users&from=${hoursAgo(4, 0)}&granularity=hour`));
    expect((users.data as Json[]).map((point) => point.value)).toEqual([2, 1]);
  });

  it('should keep the highest value of a max meter', async () => {
    const at = hoursAgo(1);
    ok(
      await post('/usage-events', {
        events: [
          { id: 'seats-1', type: 'seats.reported', timestamp: at, value: 12 },
          { id: 'seats-2', type: 'seats.reported', timestamp: at, value: 30 },
          { id: 'seats-3', type: 'seats.reported', timestamp: at, value: 18 },
        ],
      }),
      202,
    );
    const peak = ok(await get(`/usage?meter=peak_seats&from=${hoursAgo(2, 0)}&granularity=day`));
    expect((peak.data as Json[]).map((point) => point.value)).toEqual([30]);
  });

  it('should refuse each bad request as a whole only when the envelope is wrong', async () => {
    expectProblem(await post('/usage-events', { events: [] }), { status: 422, code: 'VALIDATION_FAILED' });
    const tooMany = Array.from({ length: 1001 }, (_, index) => ({
      id: `e${index}`,
      type: 't',
      timestamp: hoursAgo(1),
    }));
    expectProblem(await post('/usage-events', { events: tooMany }), { status: 422, code: 'VALIDATION_FAILED' });
    expectProblem(await get('/usage?meter=nothing'), { status: 422, code: 'VALIDATION_FAILED' });
    expectProblem(await get('/usage?meter=llm_tokens&groupBy=user'), { status: 422, code: 'VALIDATION_FAILED' });
  });

  it('should add a correction to the usage and audit it, without touching the events', async () => {
    const workspace = await newWorkspace('Corrected Works');
    ok(
      await post('/meters', { key: 'calls', eventType: 'call', aggregation: 'sum' }, owner.accessToken, workspace),
      201,
    );
    ok(
      await post(
        '/usage-events',
        { events: [{ id: 'c1', type: 'call', timestamp: hoursAgo(2), value: 500 }] },
        owner.accessToken,
        workspace,
      ),
      202,
    );

    const adjustment = ok(
      await post(
        '/usage-adjustments',
        { meter: 'calls', period: hoursAgo(2), delta: -120, reason: 'Refund for the outage' },
        owner.accessToken,
        workspace,
      ),
      201,
    );

    expect(adjustment).toMatchObject({
      meter: 'calls',
      period: hoursAgo(2, 0),
      delta: -120,
      reason: 'Refund for the outage',
    });
    const series = ok(
      await get(`/usage?meter=calls&from=${hoursAgo(3, 0)}&granularity=hour`, owner.accessToken, workspace),
    );
    expect(series.data).toEqual([{ start: hoursAgo(2, 0), group: null, value: 380 }]);
    const audit = ok(await get('/audit-events?limit=20', owner.accessToken, workspace));
    expect((audit.data as Json[]).map((event) => event.action)).toContain('usage.adjusted');
    const maxMeter = await post(
      '/usage-adjustments',
      { meter: 'peak_seats', period: hoursAgo(2), delta: 1, reason: 'no' },
      owner.accessToken,
    );
    expectProblem(maxMeter, { status: 422, code: 'VALIDATION_FAILED' });
  });

  it('should refuse the events past a hard metered limit and show the entitlement exceeded', async () => {
    const workspace = await newWorkspace('Limited Works');
    ok(
      await post('/meters', { key: 'tokens', eventType: 'gen', aggregation: 'sum' }, owner.accessToken, workspace),
      201,
    );
    const events = [600, 300, 200, 100].map((value, index) => ({
      id: `gen-${index}`,
      type: 'gen',
      timestamp: new Date().toISOString(),
      value,
    }));

    const answer = ok(await post('/usage-events', { events }, owner.accessToken, workspace), 202);

    expect(answer).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [
        { index: 2, code: 'ENTITLEMENT_EXCEEDED', message: 'the plan allows no more of this meter this period' },
      ],
    });
    expect(ok(await get('/entitlements/tokens', owner.accessToken, workspace))).toMatchObject({
      kind: 'metered',
      limit: 1000,
      usage: 1000,
      remaining: 0,
      state: 'exceeded',
      reason: '1,000 of 1,000 tokens this period on Metered',
    });
    // A refused event was not kept: sent again it is refused again, not taken for a duplicate.
    const retried = ok(await post('/usage-events', { events: [events[2]] }, owner.accessToken, workspace), 202);
    expect(retried).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [expect.objectContaining({ index: 0, code: 'ENTITLEMENT_EXCEEDED' })],
    });
  });

  it('should let a key with usage:write report usage and nothing else', async () => {
    const key = await createApiKey(owner, workspaceId, 'metering integration', ['usage:write']);

    const reported = await post(
      '/usage-events',
      {
        events: [
          {
            id: 'from-key',
            type: 'llm.completion',
            timestamp: hoursAgo(1),
            properties: { tokens: 1, model: 'small', user: 'key' },
          },
        ],
      },
      key.key,
    );

    expect(ok(reported, 202)).toMatchObject({ accepted: 1 });
    expectProblem(await get('/usage?meter=llm_tokens', key.key), {
      status: 403,
      code: 'PERMISSION_DENIED',
      extensions: { permission: 'billing:read' },
    });
  });

  it('should count every authenticated workspace request as api_requests', async () => {
    const workspace = await newWorkspace('Busy Works');
    for (let index = 0; index < 5; index++) ok(await get('/meters', owner.accessToken, workspace));

    const counted = await pollUntil(
      'api_requests counted',
      async () => ok(await get('/entitlements/api_requests', owner.accessToken, workspace)),
      (entitlement) => Number(entitlement.usage) >= 5,
    );

    expect(counted).toMatchObject({ feature: 'api_requests', kind: 'metered', limit: null, state: 'ok' });
    const series = ok(await get('/usage?meter=api_requests&granularity=month', owner.accessToken, workspace));
    expect((series.data as Json[]).reduce((sum, point) => sum + Number(point.value), 0)).toBeGreaterThanOrEqual(5);
  });
});
