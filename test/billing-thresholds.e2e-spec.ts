/**
 * `entitlement.threshold_crossed`: at 50, 80 and 100 % of a plan limit (a
 * counted feature, on the write that reaches it) and of a metered feature's
 * included quantity (on the usage batch that reaches it), once per feature,
 * threshold and period — through the built API on PostgreSQL.
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { writeCatalogFile } from './support/catalog-file';
import type { TempDir } from './support/temp-dir';
import { expectProblem } from './support/problem-details';

type Json = Record<string, unknown>;

const CATALOG = {
  defaultPlan: 'starter',
  plans: [
    {
      key: 'starter',
      name: 'Starter',
      prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
      trialDays: 0,
      features: {
        projects: { kind: 'limit', limit: 4, enforcement: 'hard' },
        tokens: { kind: 'metered', included: 100, overageUnitAmount: 1, enforcement: 'soft' },
      },
    },
  ],
};

describe('entitlement thresholds', () => {
  let dir: TempDir;
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;
  let serial = 0;

  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const bearer = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const post = (path: string, body: unknown): Promise<HttpResult> => postJson(url(path), body, bearer());
  const ok = (result: HttpResult, status: number): Json => {
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };

  /** The threshold events so far, oldest first, as [feature, percent, usage]. */
  async function crossed(): Promise<[string, number, number][]> {
    const answer = ok(
      await httpRequest(`${url('/events')}?type=entitlement.threshold_crossed&limit=100`, { headers: bearer() }),
      200,
    );
    return (answer.data as { data: { feature: string; percent: number; usage: number } }[])
      .map(({ data }): [string, number, number] => [data.feature, data.percent, data.usage])
      .reverse();
  }

  const createProject = () => {
    serial += 1;
    return post('/projects', { key: `TH${serial}`, name: `Threshold ${serial}` });
  };
  const report = (value: number) => {
    serial += 1;
    return post('/usage-events', {
      events: [{ id: `tokens-${serial}`, type: 'llm.completion', timestamp: new Date().toISOString(), value }],
    });
  };

  beforeAll(async () => {
    const catalog = await writeCatalogFile('keel-thresholds', CATALOG);
    dir = catalog.dir;
    const catalogPath = catalog.path;
    keel = await startKeelOnTestDatabase({ BILLING_CATALOG: catalogPath, LOG_LEVEL: 'warn' });
    owner = await signUp(keel.keel.url, 'thresholds-owner');
    workspaceId = ok(await postJson(`${keel.keel.url}/v1/workspaces`, { name: 'Thresholds' }, bearer()), 201)
      .id as string;
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await dir?.remove();
  });

  it('should announce half, then 80 % and the whole of a limit, each once, on the writes that reach them', async () => {
    ok(await createProject(), 201);
    expect(await crossed()).toEqual([]);
    ok(await createProject(), 201);
    expect(await crossed()).toEqual([['projects', 50, 2]]);
    ok(await createProject(), 201);
    expect(await crossed()).toEqual([['projects', 50, 2]]);
    // 4 of 4: 80 % and 100 % are reached by the same write.
    ok(await createProject(), 201);
    expect(await crossed()).toEqual([
      ['projects', 50, 2],
      ['projects', 80, 4],
      ['projects', 100, 4],
    ]);
    // Refused past the hard limit: nothing more is announced.
    expectProblem(await createProject(), { status: 402, code: 'ENTITLEMENT_EXCEEDED' });
    expect(await crossed()).toHaveLength(3);
  });

  it("should announce a meter's included quantity by the period's total, once per threshold", async () => {
    ok(await post('/meters', { key: 'tokens', eventType: 'llm.completion', aggregation: 'sum' }), 201);
    const before = (await crossed()).length;
    const since = async () => (await crossed()).slice(before);

    expect(ok(await report(30), 202)).toMatchObject({ accepted: 1 });
    expect(await since()).toEqual([]);
    ok(await report(30), 202);
    expect(await since()).toEqual([['tokens', 50, 60]]);
    ok(await report(10), 202);
    expect(await since()).toEqual([['tokens', 50, 60]]);
    // Past the included quantity (soft: still accepted, billed as overage): 80 % and 100 % together.
    expect(ok(await report(50), 202)).toMatchObject({ accepted: 1 });
    expect(await since()).toEqual([
      ['tokens', 50, 60],
      ['tokens', 80, 120],
      ['tokens', 100, 120],
    ]);
    ok(await report(500), 202);
    expect(await since()).toHaveLength(3);
  });
});
