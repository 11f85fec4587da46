/**
 * AI tools metered into billing: every model turn's tokens (`ai_tokens`) and
 * every tool call that ran (`ai_tool_calls`) are counted as the workspace's
 * usage, readable like any meter, and a plan whose hard included quantity is
 * used up stops a new execution with 402, and each plan threshold crossed is
 * announced once — through the built API, a model
 * stand-in speaking OpenAI's wire format, and real PostgreSQL.
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { ModelScript, ModelStandIn, startModelStandIn } from './support/model-stand-ins';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { writeCatalogFile } from './support/catalog-file';
import type { TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

/** The stand-in's tokens per model turn (120 in, 30 out). */
const TOKENS_PER_TURN = 150;

const CATALOG = {
  defaultPlan: 'starter',
  plans: [
    {
      key: 'starter',
      name: 'Starter',
      prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
      trialDays: 0,
      features: {
        ai_tokens: { kind: 'metered', included: 400, enforcement: 'hard' },
        ai_tool_calls: { kind: 'metered', included: 3, enforcement: 'hard' },
      },
    },
  ],
};

/** Lists the projects, then answers: two model turns and one tool call. */
const SCRIPTS: Record<string, ModelScript> = {
  lookup: (conversation) =>
    conversation.assistantTurns === 0
      ? { toolCalls: [{ name: 'projects_list', arguments: {} }] }
      : { text: 'There is nothing to report.' },
};

describe('AI usage metered into billing', () => {
  let dir: TempDir;
  let model: ModelStandIn;
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;

  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const bearer = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const execute = (body: Json): Promise<HttpResult> => postJson(url('/ai/executions'), body, bearer());
  const usage = async (meter: string): Promise<number> => {
    const answer = await httpRequest(`${url('/usage')}?meter=${meter}`, { headers: bearer() });
    expect(answer.status).toBe(200);
    return (jsonObject(answer)['data'] as { value: number }[]).reduce((total, point) => total + point.value, 0);
  };

  beforeAll(async () => {
    const catalog = await writeCatalogFile('keel-ai-usage', CATALOG);
    dir = catalog.dir;
    const catalogPath = catalog.path;
    model = await startModelStandIn('openai', SCRIPTS);
    keel = await startKeelOnTestDatabase({
      BILLING_CATALOG: catalogPath,
      AI_PROVIDER: 'openai',
      AI_BASE_URL: model.baseUrl,
      AI_API_KEY: model.apiKey,
      AI_MODEL: 'lookup',
      LOG_LEVEL: 'warn',
    });
    owner = await signUp(keel.keel.url, 'ai-usage-owner');
    workspaceId = String(
      jsonObject(await postJson(`${keel.keel.url}/v1/workspaces`, { name: 'AI Usage' }, bearer()))['id'],
    );
    const policy = await httpRequest(url('/ai/policy'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer() },
      body: JSON.stringify({ rules: [{ id: 'reads', effect: 'permit', tools: ['@readOnly'] }] }),
    });
    expect(policy.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await model?.close();
    await dir?.remove();
  });

  it("should count a prompt's tokens and the tool calls it ran as the workspace's usage", async () => {
    const answer = await execute({ prompt: 'Anything to report?' });
    expect([answer.status, jsonObject(answer)['status']]).toEqual([201, 'succeeded']);
    const counted = await pollUntil(
      'the usage written',
      async () => [await usage('ai_tokens'), await usage('ai_tool_calls')],
      ([tokens]) => tokens > 0,
    );
    expect(counted).toEqual([2 * TOKENS_PER_TURN, 1]);
  });

  it('should stop a new prompt once the hard included tokens are used up, and not before', async () => {
    // 300 of 400 used: this one may start (and ends at 600).
    expect((await execute({ prompt: 'Anything new?' })).status).toBe(201);
    const refused = expectProblem(await execute({ prompt: 'And now?' }), {
      status: 402,
      code: 'ENTITLEMENT_EXCEEDED',
      extensions: { feature: 'ai_tokens', limit: 400, plan: 'starter' },
    });
    expect(refused['usage']).toBe(4 * TOKENS_PER_TURN);
  });

  it('should stop a new calls-mode execution once the hard included tool calls are used up', async () => {
    // 2 of 3 calls used by the prompts; a refused call is not counted, one that ran is.
    const calls = await execute({
      calls: [
        { tool: 'projects.list', input: {} },
        { tool: 'projects.create', input: { key: 'NOPE', name: 'Refused' } },
      ],
    });
    expect(calls.status).toBe(201);
    expect((jsonObject(calls)['steps'] as Json[]).map((step) => step['outcome'])).toEqual(['succeeded', 'denied']);
    expectProblem(await execute({ calls: [{ tool: 'projects.list', input: {} }] }), {
      status: 402,
      code: 'ENTITLEMENT_EXCEEDED',
      extensions: { feature: 'ai_tool_calls', limit: 3, usage: 3, plan: 'starter' },
    });
    expect(
      await pollUntil(
        'the calls written',
        () => usage('ai_tool_calls'),
        (count) => count === 3,
      ),
    ).toBe(3);
  });

  it('should announce each plan threshold the AI meters crossed, once per period', async () => {
    // By now: 600 of 400 tokens and 3 of 3 tool calls, written by the counter a little after each use.
    const crossed = await pollUntil(
      'the threshold events of both AI meters',
      async () =>
        (await keel.database.dataSource.query(
          `SELECT data->>'feature' AS feature, (data->>'percent')::int AS percent, (data->>'limit')::int AS "limit"
             FROM outbox WHERE workspace_id = $1 AND type = 'entitlement.threshold_crossed'
            ORDER BY data->>'feature', (data->>'percent')::int`,
          [workspaceId],
        )) as { feature: string; percent: number; limit: number }[],
      (rows) => rows.length >= 6,
    );

    expect(crossed).toEqual([
      { feature: 'ai_tokens', percent: 50, limit: 400 },
      { feature: 'ai_tokens', percent: 80, limit: 400 },
      { feature: 'ai_tokens', percent: 100, limit: 400 },
      { feature: 'ai_tool_calls', percent: 50, limit: 3 },
      { feature: 'ai_tool_calls', percent: 80, limit: 3 },
      { feature: 'ai_tool_calls', percent: 100, limit: 3 },
    ]);
  });
});
