/**
 * The built-in tools of the documents and billing contexts, through calls-mode
 * executions of the built API on real PostgreSQL: `documents.search` answers
 * what GET …/search answers, over the documents the caller may see, and
 * `usage.get` what GET …/usage answers; each needs the permission of its
 * route, whatever the policy permits.
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const PRICING_MD = [
  '# Pricing',
  '',
  'Keel is sold per seat. Every plan includes the audit trail.',
  '',
  '## Enterprise',
  '',
  'The Enterprise plan costs 40 EUR per seat and month, with single sign-on and a dedicated success manager.',
  '',
].join('\n');

describe('the documents.search and usage.get tools', () => {
  let keel: KeelOnTestDatabase;
  let storage: TempDir;
  let owner: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  /** ai:use alone: may run executions, holds neither documents:read nor billing:read. */
  let aiOnlyKey: string;

  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (token: string, path: string): Promise<HttpResult> => httpRequest(url(path), { headers: bearer(token) });
  const ok = (result: HttpResult, status = 200): Json => {
    expect({ status: result.status, body: result.text.slice(0, 600) }).toMatchObject({ status });
    return jsonObject(result);
  };
  /** The one step of a calls-mode execution of `tool` with `input`, as `token`. */
  const stepOf = async (token: string, tool: string, input: Json): Promise<Json> => {
    const execution = ok(await postJson(url('/ai/executions'), { calls: [{ tool, input }] }, bearer(token)), 201);
    const [step] = execution['steps'] as Json[];
    return step;
  };

  beforeAll(async () => {
    storage = await makeTempDir('keel-ai-context-tools-storage');
    keel = await startKeelOnTestDatabase({ STORAGE_DIR: storage.path });
    owner = await signUp(keel.keel.url, 'ai-context-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Context Tools' })).id);
    member = await addMember(keel.keel.url, owner, workspaceId, {
      email: 'ai-context-member@example.com',
      name: 'Context Member',
      role: 'member',
    });
    aiOnlyKey = (await createApiKey(owner, workspaceId, 'AI only', ['ai:use'])).key;
    const policy = await httpRequest(url('/ai/policy'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(owner.accessToken) },
      body: JSON.stringify({ rules: [{ id: 'reads', effect: 'permit', tools: ['@readOnly'] }] }),
    });
    ok(policy);

    const form = new FormData();
    form.append('tags', 'pricing');
    form.append('file', new Blob([PRICING_MD], { type: 'text/markdown' }), 'pricing.md');
    const uploaded = ok(
      await httpRequest(url('/documents'), { method: 'POST', headers: bearer(owner.accessToken), body: form }),
      201,
    );
    await pollUntil(
      'the pricing document indexed',
      async () => ok(await get(owner.accessToken, `/documents/${String(uploaded['id'])}`)),
      (document) => document['status'] === 'indexed',
      { timeoutMs: 60_000 },
    );

    ok(
      await postJson(
        url('/meters'),
        { key: 'tokens', eventType: 'llm.completion', aggregation: 'sum', valueProperty: 'tokens', groupBy: ['model'] },
        bearer(owner.accessToken),
      ),
      201,
    );
    const now = new Date().toISOString();
    const reported = ok(
      await postJson(
        url('/usage-events'),
        {
          events: [
            { id: 'evt-1', type: 'llm.completion', timestamp: now, properties: { model: 'small', tokens: 1200 } },
            { id: 'evt-2', type: 'llm.completion', timestamp: now, properties: { model: 'large', tokens: 800 } },
          ],
        },
        bearer(owner.accessToken),
      ),
      202,
    );
    expect(reported['accepted']).toBe(2);
  });

  afterAll(async () => {
    await keel?.stop();
    await storage?.remove();
  });

  it('should answer documents.search with what GET …/search answers for the same query', async () => {
    const step = await stepOf(member.accessToken, 'documents.search', { q: 'enterprise seat', tags: ['pricing'] });

    expect(step).toMatchObject({ outcome: 'succeeded', error: null });
    const overHttp = ok(await get(member.accessToken, '/search?q=enterprise%20seat&tags=pricing'));
    expect(step['result']).toEqual(overHttp);
    expect((overHttp['data'] as Json[]).map((hit) => hit['title'])).toContain('pricing');
  });

  it('should answer usage.get with what GET …/usage answers for the same meter', async () => {
    const step = await stepOf(owner.accessToken, 'usage.get', { meter: 'tokens', groupBy: 'model' });

    expect(step).toMatchObject({ outcome: 'succeeded', error: null });
    const overHttp = ok(await get(owner.accessToken, '/usage?meter=tokens&groupBy=model'));
    expect(step['result']).toEqual(overHttp);
    expect(
      (overHttp['data'] as Json[]).map((point) => `${String(point['group'])} ${String(point['value'])}`).sort(),
    ).toEqual(['large 800', 'small 1200']);
  });

  it("should refuse each tool to a caller without its route's permission, whatever the policy permits", async () => {
    const search = await stepOf(aiOnlyKey, 'documents.search', { q: 'enterprise' });
    const memberUsage = await stepOf(member.accessToken, 'usage.get', { meter: 'tokens' });

    expect(search).toMatchObject({
      outcome: 'denied',
      result: null,
      error: { code: 'POLICY_DENIED', permission: 'documents:read' },
    });
    expect(memberUsage).toMatchObject({
      outcome: 'denied',
      result: null,
      error: { code: 'POLICY_DENIED', permission: 'billing:read' },
    });
  });

  it("should answer a meter the workspace does not have with the route's problem code, as a failed step", async () => {
    const step = await stepOf(owner.accessToken, 'usage.get', { meter: 'nothing-here' });
    const overHttp = await get(owner.accessToken, '/usage?meter=nothing-here');

    expect(overHttp.status).toBe(422);
    expect(step).toMatchObject({ outcome: 'failed', error: { code: jsonObject(overHttp)['code'] } });
  });

  it('should refuse input its schema does not allow, as INVALID_ARGUMENTS', async () => {
    const step = await stepOf(owner.accessToken, 'documents.search', { q: '', limit: 500 });

    expect(step).toMatchObject({ outcome: 'invalid', error: { code: 'INVALID_ARGUMENTS' } });
    expect(((step['error'] as Json)['errors'] as Json[]).map((problem) => problem['path'])).toEqual(
      expect.arrayContaining(['$.input.q', '$.input.limit']),
    );
  });
});
