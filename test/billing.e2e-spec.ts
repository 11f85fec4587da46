/**
 * Billing through the built API on real PostgreSQL: the plan catalog synced
 * from a file (a changed plan becomes a new version, subscriptions keep
 * theirs), GET /v1/plans for anyone, a new workspace on the default plan or a
 * trial of the named one, entitlements read with their reason in words, and
 * plan limits enforced where the write happens: 402 ENTITLEMENT_EXCEEDED past
 * a hard limit (naming the plan that lifts it), a warning header past a soft
 * one, and 1,000 concurrent creates racing for the last 10 slots.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { makeTempDir, TempDir } from './support/temp-dir';
import { expectProblem } from './support/problem-details';

type Json = Record<string, unknown>;

/** A small catalog, so limits are reached in a few requests: Starter (default), Growth (trial), Scale. */
function catalog(starterProjects = 12): Json {
  return {
    defaultPlan: 'starter',
    plans: [
      {
        key: 'starter',
        name: 'Starter',
        prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
        trialDays: 0,
        features: {
          members: { kind: 'limit', limit: 3, enforcement: 'hard' },
          projects: { kind: 'limit', limit: starterProjects, enforcement: 'hard' },
          api_keys: { kind: 'limit', limit: 1, enforcement: 'soft' },
          api_requests: { kind: 'metered', included: 1000, enforcement: 'hard' },
          sso: { kind: 'boolean', enabled: false, enforcement: 'hard' },
        },
      },
      {
        key: 'growth',
        name: 'Growth',
        prices: [
          { interval: 'month', amount: 2900, currency: 'usd' },
          { interval: 'year', amount: 29000, currency: 'usd' },
        ],
        trialDays: 14,
        features: {
          members: { kind: 'limit', limit: 10, enforcement: 'hard' },
          projects: { kind: 'limit', limit: 20, enforcement: 'hard' },
          api_keys: { kind: 'limit', limit: 10, enforcement: 'hard' },
        },
      },
      {
        key: 'scale',
        name: 'Scale',
        prices: [{ interval: 'month', amount: 9900, currency: 'usd' }],
        trialDays: 0,
        features: { projects: { kind: 'limit', limit: null, enforcement: 'hard' } },
      },
    ],
  };
}

describe('billing: plans, subscriptions and entitlements', () => {
  let dir: TempDir;
  let catalogPath: string;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  /** Keel started again on the suite's database with another catalog. */
  let restarted: KeelProcess | undefined;

  const bearer = (person: SignedInPerson) => ({ authorization: `Bearer ${person.accessToken}` });
  const get = (path: string, as: SignedInPerson = owner): Promise<HttpResult> =>
    httpRequest(`${baseUrl}${path}`, { headers: bearer(as) });
  const post = (path: string, body: unknown, as: SignedInPerson = owner): Promise<HttpResult> =>
    postJson(`${baseUrl}${path}`, body, bearer(as));
  const ok = (result: HttpResult, status = 200): Json => {
    expect({ status: result.status, body: result.text.slice(0, 800) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const newWorkspace = async (name: string, plan?: string): Promise<string> =>
    ok(await post('/v1/workspaces', { name, ...(plan ? { plan } : {}) }), 201).id as string;
  const createProject = (workspaceId: string, key: string) =>
    post(`/v1/workspaces/${workspaceId}/projects`, { key, name: `Project ${key}` });

  beforeAll(async () => {
    dir = await makeTempDir('keel-billing');
    catalogPath = join(dir.path, 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(catalog()));
    keel = await startKeelOnTestDatabase({ BILLING_CATALOG: catalogPath });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'billing-owner');
  }, 120_000);

  afterAll(async () => {
    await restarted?.stop('SIGTERM');
    await keel?.stop();
    await dir?.remove();
  });

  it('should list the current plans to anyone, cheapest first, with prices, trial and features', async () => {
    const plans = ok(await httpRequest(`${baseUrl}/v1/plans`));

    expect((plans.data as Json[]).map((plan) => [plan.key, plan.version, plan.default])).toEqual([
      ['starter', 1, true],
      ['growth', 1, false],
      ['scale', 1, false],
    ]);
    expect((plans.data as Json[])[1]).toEqual({
      key: 'growth',
      name: 'Growth',
      version: 1,
      prices: [
        { interval: 'month', amount: 2900, currency: 'usd' },
        { interval: 'year', amount: 29000, currency: 'usd' },
      ],
      trialDays: 14,
      features: {
        members: { kind: 'limit', limit: 10, enforcement: 'hard' },
        projects: { kind: 'limit', limit: 20, enforcement: 'hard' },
        api_keys: { kind: 'limit', limit: 10, enforcement: 'hard' },
      },
      default: false,
    });
  });

  it('should start a new workspace on the default plan, or on a trial of the plan named at creation', async () => {
    const onDefault = await newWorkspace('Default Works');
    const trial = await newWorkspace('Trial Works', 'growth');

    const defaultSubscription = ok(await get(`/v1/workspaces/${onDefault}/subscription`));
    expect(defaultSubscription).toMatchObject({
      plan: { key: 'starter', version: 1, name: 'Starter' },
      status: 'active',
      interval: 'month',
      trialEndsAt: null,
      cancelAtPeriodEnd: false,
    });
    const trialSubscription = ok(await get(`/v1/workspaces/${trial}/subscription`));
    expect(trialSubscription).toMatchObject({ plan: { key: 'growth', version: 1 }, status: 'trialing' });
    const period = trialSubscription.currentPeriod as { start: string; end: string };
    expect(Date.parse(period.end) - Date.parse(period.start)).toBe(14 * 86_400_000);
    expect(trialSubscription.trialEndsAt).toBe(period.end);
  });

  it('should refuse a workspace on a plan the catalog lacks, or on a paid plan without a trial, and make none', async () => {
    for (const plan of ['platinum', 'scale']) {
      const refused = await post('/v1/workspaces', { name: `Refused ${plan}`, plan });
      const problem = expectProblem(refused, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'plan' })]);
    }
    const mine = ok(await get('/v1/workspaces'));
    expect((mine.data as Json[]).map((workspace) => workspace.name)).not.toContain('Refused scale');
  });

  it('should show each entitlement with its usage, what is left, its state and the reason in words', async () => {
    const workspaceId = await newWorkspace('Counted Works');
    for (const key of ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE', 'TEN']) {
      ok(await createProject(workspaceId, key), 201);
    }

    const projects = ok(await get(`/v1/workspaces/${workspaceId}/entitlements/projects`));
    expect(projects).toMatchObject({
      feature: 'projects',
      kind: 'limit',
      enabled: true,
      limit: 12,
      usage: 10,
      remaining: 2,
      state: 'warning',
      enforcement: 'hard',
      plan: { key: 'starter', version: 1 },
      reason: '10 of 12 projects on Starter',
    });
    const all = ok(await get(`/v1/workspaces/${workspaceId}/entitlements`));
    expect((all.data as Json[]).map((entitlement) => [entitlement.feature, entitlement.state])).toEqual([
      ['api_keys', 'ok'],
      ['api_requests', 'ok'],
      ['members', 'ok'],
      ['projects', 'warning'],
      ['sso', 'ok'],
    ]);
    expect((all.data as Json[])[4]).toMatchObject({ enabled: false, reason: 'sso is not included in Starter' });
    expectProblem(await get(`/v1/workspaces/${workspaceId}/entitlements/teleport`), { status: 404, code: 'NOT_FOUND' });
  });

  it('should let exactly 10 of 1,000 concurrent project creates take the last 10 slots, the rest 402', async () => {
    const workspaceId = await newWorkspace('Race Works');
    ok(await createProject(workspaceId, 'FIRST'), 201);
    ok(await createProject(workspaceId, 'SECOND'), 201);
    const keys = Array.from({ length: 1000 }, (_, index) => `RACE${index}`);

    const answers = await Promise.all(keys.map((key) => createProject(workspaceId, key)));

    // Each create waits for the workspace's projects lock holding a pooled connection, so with 1,000 at
    // once on a 10-connection pool some meet the pool's back-pressure (503, retry): those changed nothing
    // and are sent again, a few at a time, until every one has its real answer.
    const final = [...answers];
    for (let round = 0; round < 20 && final.some((answer) => answer.status === 503); round++) {
      const again = final.flatMap((answer, index) => (answer.status === 503 ? [index] : []));
      for (let from = 0; from < again.length; from += 20) {
        const batch = again.slice(from, from + 20);
        const retried = await Promise.all(batch.map((index) => createProject(workspaceId, keys[index])));
        batch.forEach((index, position) => (final[index] = retried[position]));
      }
    }
    const statuses: Record<number, number> = {};
    for (const answer of final) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    expect(statuses).toEqual({ 201: 10, 402: 990 });
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(10);
    const list = ok(await get(`/v1/workspaces/${workspaceId}/projects?limit=100`));
    expect(list.data as Json[]).toHaveLength(12);
    const refused = final.find((answer) => answer.status === 402);
    expect(refused).toBeDefined();
    const problem = expectProblem(refused as HttpResult, {
      status: 402,
      code: 'ENTITLEMENT_EXCEEDED',
      extensions: { feature: 'projects', limit: 12, usage: 12, plan: 'starter', upgradeTo: 'growth' },
    });
    expect(problem.detail).toContain('12 of 12 projects on Starter');
  }, 300_000);

  it('should count pending invites as seats and refuse the invite past the members limit', async () => {
    const workspaceId = await newWorkspace('Seats Works');
    ok(await post(`/v1/workspaces/${workspaceId}/invites`, { email: 'seat-one@example.com', role: 'member' }), 201);
    ok(await post(`/v1/workspaces/${workspaceId}/invites`, { email: 'seat-two@example.com', role: 'member' }), 201);

    const refused = await post(`/v1/workspaces/${workspaceId}/invites`, {
      email: 'seat-three@example.com',
      role: 'member',
    });

    expectProblem(refused, {
      status: 402,
      code: 'ENTITLEMENT_EXCEEDED',
      extensions: { feature: 'members', limit: 3, usage: 3, plan: 'starter', upgradeTo: 'growth' },
    });
  });

  it('should let an API key past a soft limit through with a Keel-Entitlement-Warning header', async () => {
    const workspaceId = await newWorkspace('Soft Works');
    const first = await post(`/v1/workspaces/${workspaceId}/api-keys`, { name: 'first', scopes: ['projects:read'] });
    expect(first.status).toBe(201);
    expect(first.headers.get('keel-entitlement-warning')).toBeNull();

    const second = await post(`/v1/workspaces/${workspaceId}/api-keys`, { name: 'second', scopes: ['projects:read'] });

    expect(second.status).toBe(201);
    expect(second.headers.get('keel-entitlement-warning')).toBe('api_keys; usage=2; limit=1; plan=starter');
    expect(ok(await get(`/v1/workspaces/${workspaceId}/entitlements/api_keys`))).toMatchObject({
      usage: 2,
      remaining: 0,
      state: 'exceeded',
      reason: '2 of 1 api_keys on Starter',
    });
  });

  it('should refuse the entitlement and subscription reads to a member without billing:read', async () => {
    const workspaceId = await newWorkspace('Private Works');
    const member = await signUp(baseUrl, 'billing-member');
    const invite = ok(
      await post(`/v1/workspaces/${workspaceId}/invites`, { email: member.email, role: 'member' }),
      201,
    );
    ok(await post('/v1/invites/accept', { token: invite.token }, member));

    expectProblem(await get(`/v1/workspaces/${workspaceId}/entitlements`, member), {
      status: 403,
      code: 'PERMISSION_DENIED',
      extensions: { permission: 'billing:read' },
    });
    expectProblem(await get(`/v1/workspaces/${workspaceId}/subscription`, member), {
      status: 403,
      code: 'PERMISSION_DENIED',
      extensions: { permission: 'billing:read' },
    });
  });

  it('should sync a changed plan as a new version while a subscription keeps the version it took', async () => {
    const workspaceId = await newWorkspace('Versioned Works');
    await keel.keel.stop('SIGTERM');
    await writeFile(catalogPath, JSON.stringify(catalog(30)));
    restarted = await startKeelProcess({
      env: { LOG_LEVEL: 'info', DATABASE_URL: keel.login.url, BILLING_CATALOG: catalogPath },
    });
    baseUrl = restarted.url;

    const plans = ok(await httpRequest(`${baseUrl}/v1/plans`));
    expect((plans.data as Json[]).map((plan) => [plan.key, plan.version])).toEqual([
      ['starter', 2],
      ['growth', 1],
      ['scale', 1],
    ]);
    expect(ok(await get(`/v1/workspaces/${workspaceId}/subscription`))).toMatchObject({
      plan: { key: 'starter', version: 1 },
    });
    expect(ok(await get(`/v1/workspaces/${workspaceId}/entitlements/projects`))).toMatchObject({ limit: 12 });
    const later = await newWorkspace('Later Works');
    expect(ok(await get(`/v1/workspaces/${later}/entitlements/projects`))).toMatchObject({
      limit: 30,
      plan: { key: 'starter', version: 2 },
    });
  }, 120_000);

  it('should refuse to start with a catalog file that is not a catalog, naming the problem', async () => {
    const badPath = join(dir.path, 'bad-catalog.json');
    await writeFile(badPath, JSON.stringify({ defaultPlan: 'gold', plans: [{ key: 'Bad Key' }] }));

    await expect(
      startKeelProcess({ env: { DATABASE_URL: keel.login.url, BILLING_CATALOG: badPath }, startTimeoutMs: 60_000 }),
    ).rejects.toThrow(/BILLING_CATALOG[^\n]*\/plans\/0/);
  }, 90_000);
});
