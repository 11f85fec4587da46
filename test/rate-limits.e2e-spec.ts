/**
 * Issue 18, "Rate limits": a token bucket per API key, per user, per
 * workspace, and per client address on routes that need no credentials; 429
 * RATE_LIMITED with Retry-After past the limit, and the IETF RateLimit-Policy
 * and RateLimit headers on every answer of a limited route; kept in memory
 * (one process) or in PostgreSQL (shared by several); a workspace's plan sets
 * its limit when billing has one with `api_rate_limit`; 0 turns a limit off;
 * the 429 and the headers declared for every route of the OpenAPI document.
 * Limits are set low through the environment; Keel trusts the test's
 * X-Forwarded-For (TRUST_PROXY) so each case comes from an address of its own.
 */
import { randomInt } from 'node:crypto';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { writeCatalogFile } from './support/catalog-file';
import { httpRequest, HttpResult } from './support/http';
import { answerOf, bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, SignedInPerson, strongPassword, uniqueEmail } from './support/keel-people';
import { createApiKey, createWorkspace } from './support/keel-tenants';
import { HTTP_METHODS } from './support/openapi-document';
import { expectProblem } from './support/problem-details';
import { readServedOpenApiDocument } from './support/served-openapi';
import type { TempDir } from './support/temp-dir';

/** An address of the documentation ranges (RFC 5737) nobody else in the suite uses. */
const usedAddresses = new Set<string>();
function clientAddress(): string {
  for (;;) {
    const address = `198.51.${randomInt(100, 101)}.${randomInt(1, 255)}`;
    if (usedAddresses.has(address)) continue;
    usedAddresses.add(address);
    return address;
  }
}

/** Signs up from an address of its own, so set-up spends no shared address's requests. */
async function signUpFrom(baseUrl: string, label: string): Promise<SignedInPerson> {
  const password = strongPassword();
  const answer = await answerOf(
    clientAs(baseUrl).POST('/v1/auth/signup', {
      headers: { 'x-forwarded-for': clientAddress() },
      body: { email: uniqueEmail(label), password, name: `${label} e2e` },
    }),
  );
  const pair = bodyOf(answer, 201);
  return {
    userId: pair.user.id,
    email: pair.user.email,
    name: pair.user.name,
    password,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    sessionId: '',
    client: clientAs(baseUrl, pair.accessToken),
  };
}

function get(url: string, bearer?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return httpRequest(url, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });
}

/** Sends `request` until it is refused (at most `bound` times): the answers let through, and the refusal. */
async function untilRefused(
  request: () => Promise<HttpResult>,
  bound: number,
): Promise<{ allowed: HttpResult[]; refused: HttpResult }> {
  const allowed: HttpResult[] = [];
  for (let count = 0; count < bound; count++) {
    const result = await request();
    if (result.status === 429) return { allowed, refused: result };
    allowed.push(result);
  }
  throw new Error(`no 429 after ${bound} requests; the last answered ${allowed.at(-1)?.status}`);
}

/** The policies of a RateLimit-Policy or RateLimit header, by name: `{user: 'q=60;w=60'}`. */
function policies(result: HttpResult, header: 'ratelimit-policy' | 'ratelimit'): Record<string, string> {
  const value = result.headers.get(header);
  if (value === null) return {};
  return Object.fromEntries(
    value.split(/,\s*/).map((item) => {
      const match = /^"([^"]+)";(.*)$/.exec(item);
      if (!match?.[1] || match[2] === undefined) throw new Error(`${header}: not a policy item: ${item}`);
      return [match[1], match[2]];
    }),
  );
}

/** The `r` (remaining) of one policy in the RateLimit header. */
function remaining(result: HttpResult, policy: string): number {
  const item = policies(result, 'ratelimit')[policy];
  const match = item ? /(?:^|;)r=(\d+)(?:;|$)/.exec(item) : null;
  if (!match?.[1]) throw new Error(`RateLimit has no r for "${policy}": ${result.headers.get('ratelimit')}`);
  return Number(match[1]);
}

/** 429 RATE_LIMITED by `policy`, with Retry-After (whole seconds, within the minute) and both headers. */
function expectRateLimited(result: HttpResult, policy: string, quota: number): void {
  const problem = expectProblem(result, {
    status: 429,
    code: 'RATE_LIMITED',
    extensions: { policy, retryAfterSeconds: expect.any(Number), limit: expect.any(String) },
  });
  const retryAfter = Number(result.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(problem['retryAfterSeconds']).toBe(retryAfter);
  expect(policies(result, 'ratelimit-policy')[policy]).toBe(`q=${quota};w=60`);
  expect(remaining(result, policy)).toBe(0);
}

describe('request rate limits, kept in memory (one process)', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'https://app.example.com',
      RATE_LIMIT_STORE: 'memory',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '5',
      RATE_LIMIT_USER_PER_MINUTE: '60',
      RATE_LIMIT_API_KEY_PER_MINUTE: '5',
      RATE_LIMIT_WORKSPACE_PER_MINUTE: '30',
    });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should refuse a user past their limit with 429 and the headers, and not another user', async () => {
    const [bob, carol] = [await signUpFrom(baseUrl, 'bob'), await signUpFrom(baseUrl, 'carol')];

    const { allowed, refused } = await untilRefused(() => get(`${baseUrl}/v1/me`, bob.accessToken), 200);
    expect(allowed.length).toBeGreaterThanOrEqual(59);
    for (const answer of allowed) {
      expect(answer.status).toBe(200);
      expect(policies(answer, 'ratelimit-policy')).toEqual({ user: 'q=60;w=60' });
    }
    expectRateLimited(refused, 'user', 60);

    const other = await get(`${baseUrl}/v1/me`, carol.accessToken);
    expect(other.status).toBe(200);
    expect(remaining(other, 'user')).toBe(59);
  });

  it('should refuse an API key past its limit, and not another key of the same workspace', async () => {
    const owner = await signUpFrom(baseUrl, 'keys-owner');
    const workspace = await createWorkspace(owner, { name: 'Keyed' });
    const first = await createApiKey(owner, workspace.id, 'first', ['projects:read']);
    const second = await createApiKey(owner, workspace.id, 'second', ['projects:read']);
    const projects = `${baseUrl}/v1/workspaces/${workspace.id}/projects`;

    const { allowed, refused } = await untilRefused(() => get(projects, first.key), 20);
    expect(allowed.length).toBeGreaterThanOrEqual(5);
    expect(allowed.every((answer) => answer.status === 200)).toBe(true);
    expectRateLimited(refused, 'api-key', 5);
    // The key's refusal comes before the workspace guard: the workspace's bucket was not spent by it.
    expect(policies(refused, 'ratelimit-policy')).toEqual({ 'api-key': 'q=5;w=60' });

    const other = await get(projects, second.key);
    expect(other.status).toBe(200);
    expect(policies(other, 'ratelimit-policy')).toEqual({ 'api-key': 'q=5;w=60', workspace: 'q=30;w=60' });
    expect(remaining(other, 'api-key')).toBe(4);
  });

  it('should refuse a workspace past its limit, whoever calls, and not another workspace', async () => {
    const owner = await signUpFrom(baseUrl, 'busy-owner');
    const stranger = await signUpFrom(baseUrl, 'stranger');
    const busy = await createWorkspace(owner, { name: 'Busy' });
    const quiet = await createWorkspace(owner, { name: 'Quiet' });

    // A stranger's requests (404: not their workspace) spend nothing of the workspace's.
    for (let count = 0; count < 10; count++) {
      const refused = await get(`${baseUrl}/v1/workspaces/${busy.id}`, stranger.accessToken);
      expect(refused.status).toBe(404);
      expect(policies(refused, 'ratelimit-policy')).toEqual({ user: 'q=60;w=60' });
    }

    const { allowed, refused } = await untilRefused(
      () => get(`${baseUrl}/v1/workspaces/${busy.id}`, owner.accessToken),
      100,
    );
    expect(remaining(allowed[0] as HttpResult, 'workspace')).toBe(29);
    expect(allowed.length).toBeGreaterThanOrEqual(30);
    expect(policies(allowed[0] as HttpResult, 'ratelimit-policy')).toEqual({
      user: 'q=60;w=60',
      workspace: 'q=30;w=60',
    });
    expectRateLimited(refused, 'workspace', 30);

    const other = await get(`${baseUrl}/v1/workspaces/${quiet.id}`, owner.accessToken);
    expect(other.status).toBe(200);
    expect(remaining(other, 'workspace')).toBe(29);
  });

  it('should refuse a client address past its limit on routes without credentials, and not another address', async () => {
    const address = clientAddress();
    const jwks = (from: string) => get(`${baseUrl}/.well-known/jwks.json`, undefined, { 'x-forwarded-for': from });

    const { allowed, refused } = await untilRefused(() => jwks(address), 20);
    expect(allowed.length).toBeGreaterThanOrEqual(5);
    expect(policies(allowed[0] as HttpResult, 'ratelimit-policy')).toEqual({ address: 'q=5;w=60' });
    expectRateLimited(refused, 'address', 5);

    const other = await jwks(clientAddress());
    expect(other.status).toBe(200);
    expect(remaining(other, 'address')).toBe(4);
  });

  it('should count requests with a refused credential against their client address', async () => {
    const address = clientAddress();
    const guess = () => get(`${baseUrl}/v1/me`, 'keel_live_guessed', { 'x-forwarded-for': address });

    const { allowed, refused } = await untilRefused(guess, 20);
    expect(allowed.length).toBeGreaterThanOrEqual(5);
    for (const answer of allowed) {
      expect(answer.status).toBe(401);
      expect(policies(answer, 'ratelimit-policy')).toEqual({ address: 'q=5;w=60' });
    }
    expectRateLimited(refused, 'address', 5);
  });

  it('should carry the headers on problems of a limited route too', async () => {
    const person = await signUpFrom(baseUrl, 'lost');
    const missing = await get(`${baseUrl}/v1/workspaces/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10`, person.accessToken);
    expect(missing.status).toBe(404);
    expect(policies(missing, 'ratelimit-policy')).toEqual({ user: 'q=60;w=60' });
    expect(remaining(missing, 'user')).toBe(59);
  });

  it('should let a web client of an allowed origin read the headers', async () => {
    const person = await signUpFrom(baseUrl, 'browser');
    const me = await get(`${baseUrl}/v1/me`, person.accessToken, { origin: 'https://app.example.com' });
    expect(me.status).toBe(200);
    const exposed = (me.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit-policy', 'ratelimit', 'retry-after']));
  });

  it('should never limit health checks', async () => {
    const address = clientAddress();
    for (let count = 0; count < 12; count++) {
      const live = await get(`${baseUrl}/health/live`, undefined, { 'x-forwarded-for': address });
      expect(live.status).toBe(200);
      expect(live.headers.get('ratelimit-policy')).toBeNull();
    }
  });

  it('should declare the 429 and the headers for every limited route of the OpenAPI document', async () => {
    const document = (await readServedOpenApiDocument(baseUrl)) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; headers?: object }> }>>;
      components: { responses: Record<string, { headers?: Record<string, unknown> }> };
    };
    const undeclared: string[] = [];
    let limited = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method] as
          | ({ 'x-keel-rate-limit'?: string } & { responses: Record<string, { $ref?: string; headers?: object }> })
          | undefined;
        if (!operation) continue;
        if (operation['x-keel-rate-limit'] === 'none') {
          expect(path.startsWith('/health/')).toBe(true);
          continue;
        }
        limited += 1;
        if (!operation.responses['429']) undeclared.push(`${method.toUpperCase()} ${path}: no 429`);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (response.$ref) continue;
          const headers = Object.keys(response.headers ?? {});
          if (!headers.includes('RateLimit-Policy') || !headers.includes('RateLimit')) {
            undeclared.push(`${method.toUpperCase()} ${path} ${status}: no RateLimit headers`);
          }
        }
      }
    }
    expect(limited).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
    expect(Object.keys(document.components.responses['RateLimited']?.headers ?? {}).sort()).toEqual([
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
  });
});

describe('request rate limits, kept in PostgreSQL (two processes)', () => {
  let keel: KeelOnTestDatabase;
  let second: KeelProcess;
  const env = { TRUST_PROXY: 'true', RATE_LIMIT_STORE: 'postgres', RATE_LIMIT_USER_PER_MINUTE: '10' };

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase(env);
    second = await startKeelProcess({ env: { LOG_LEVEL: 'info', ...env, DATABASE_URL: keel.login.url } });
  });

  afterAll(async () => {
    await second?.stop('SIGTERM');
    await keel?.stop();
  });

  it('should count a user once across both processes, and not another user', async () => {
    const [bob, carol] = [await signUpFrom(keel.keel.url, 'bob'), await signUpFrom(keel.keel.url, 'carol')];
    let turn = 0;
    const { allowed, refused } = await untilRefused(() => {
      turn += 1;
      return get(`${(turn % 2 === 0 ? second : keel.keel).url}/v1/me`, bob.accessToken);
    }, 40);
    // Each process alone would have let 10 through: together they let through 10 (and what grew back meanwhile).
    expect(allowed.length).toBeGreaterThanOrEqual(10);
    expect(allowed.length).toBeLessThan(20);
    expectRateLimited(refused, 'user', 10);
    const [refusedByTheOther] = [await get(`${second.url}/v1/me`, bob.accessToken)];
    expect(refusedByTheOther.status).toBe(429);

    const other = await get(`${second.url}/v1/me`, carol.accessToken);
    expect(other.status).toBe(200);
    expect(remaining(other, 'user')).toBe(9);
  });

  it('should keep only hashes of what it limits', async () => {
    const person = await signUpFrom(keel.keel.url, 'hashed');
    expect((await get(`${keel.keel.url}/v1/me`, person.accessToken)).status).toBe(200);
    const rows: { key_hash: string }[] = await keel.database.dataSource.query('SELECT key_hash FROM request_buckets');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key_hash } of rows) {
      expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(key_hash).not.toContain(person.userId);
    }
  });
});

describe('request rate limits set by the plan', () => {
  let keel: KeelOnTestDatabase;
  let catalog: { dir: TempDir; path: string };
  const unlimited = { kind: 'limit', limit: null, enforcement: 'hard' };

  beforeAll(async () => {
    catalog = await writeCatalogFile('keel-rate-plan-', {
      defaultPlan: 'small',
      plans: [
        {
          key: 'small',
          name: 'Small',
          prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
          trialDays: 0,
          features: {
            members: unlimited,
            projects: unlimited,
            webhook_endpoints: unlimited,
            api_keys: unlimited,
            api_rate_limit: { kind: 'limit', limit: 4, enforcement: 'hard' },
          },
        },
        {
          key: 'roomy',
          name: 'Roomy',
          prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
          trialDays: 0,
          features: {
            members: unlimited,
            projects: unlimited,
            webhook_endpoints: unlimited,
            api_keys: unlimited,
            api_rate_limit: unlimited,
          },
        },
      ],
    });
    keel = await startKeelOnTestDatabase({
      TRUST_PROXY: 'true',
      BILLING_CATALOG: catalog.path,
      RATE_LIMIT_WORKSPACE_PER_MINUTE: '1000',
      // 0 turns the per-user limit off.
      RATE_LIMIT_USER_PER_MINUTE: '0',
    });
  });

  afterAll(async () => {
    await keel?.stop();
    await catalog?.dir.remove();
  });

  it("should limit a workspace to its plan's api_rate_limit rather than the deployment's default", async () => {
    const owner = await signUpFrom(keel.keel.url, 'small-plan');
    const workspace = await createWorkspace(owner, { name: 'Small plan' });

    const { allowed, refused } = await untilRefused(
      () => get(`${keel.keel.url}/v1/workspaces/${workspace.id}`, owner.accessToken),
      20,
    );
    expect(allowed.length).toBeGreaterThanOrEqual(4);
    expect(allowed.length).toBeLessThan(8);
    expect(policies(allowed[0] as HttpResult, 'ratelimit-policy')).toEqual({ workspace: 'q=4;w=60' });
    expectRateLimited(refused, 'workspace', 4);
  });

  it('should not limit a workspace whose plan leaves api_rate_limit unlimited', async () => {
    const owner = await signUpFrom(keel.keel.url, 'roomy-plan');
    const workspace = await createWorkspace(owner, { name: 'Roomy plan' });
    // On Roomy before its first workspace request (a plan change through the API applies within a minute).
    await keel.database.dataSource.query(
      `UPDATE subscriptions SET plan_key = 'roomy',
              plan_version = (SELECT max(version) FROM plan_versions WHERE key = 'roomy')
        WHERE workspace_id = $1`,
      [workspace.id],
    );

    for (let count = 0; count < 12; count++) {
      const read = await get(`${keel.keel.url}/v1/workspaces/${workspace.id}`, owner.accessToken);
      expect(read.status).toBe(200);
      expect(read.headers.get('ratelimit-policy')).toBeNull();
    }
  });

  it('should not limit a user when the user limit is 0', async () => {
    const person = await signUpFrom(keel.keel.url, 'unlimited-user');
    for (let count = 0; count < 30; count++) {
      const me = await get(`${keel.keel.url}/v1/me`, person.accessToken);
      expect(me.status).toBe(200);
      expect(me.headers.get('ratelimit-policy')).toBeNull();
    }
  });
});
