/**
 * AI tools through the built API on real PostgreSQL: the tools a caller may
 * use, a deny-by-default policy (forbid over approval over permit), tool
 * calls that act as the caller through the services the HTTP routes use — so
 * a caller can do through a tool exactly what it can do over HTTP, no more —
 * invalid arguments, budgets, the decision log, and simulations that change
 * nothing.
 */
import Ajv from 'ajv';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';

type Json = Record<string, unknown>;

describe('AI tools', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  let otherWorkspaceProjectId: string;
  /** ai:use and projects:read only: reads, never writes. */
  let readerKey: string;

  const url = (path: string, workspace = workspaceId) => `${keel.keel.url}/v1/workspaces/${workspace}${path}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: unknown): Promise<HttpResult> =>
    postJson(url(path), body, bearer(token));
  const get = (token: string, path: string): Promise<HttpResult> => httpRequest(url(path), { headers: bearer(token) });
  const put = (token: string, path: string, body: unknown): Promise<HttpResult> =>
    httpRequest(url(path), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    });
  const setPolicy = async (body: Json): Promise<Json> => {
    const answer = await put(owner.accessToken, '/ai/policy', body);
    expect(answer.status).toBe(200);
    return jsonObject(answer);
  };
  const execute = async (token: string, calls: { tool: string; input?: unknown }[]): Promise<Json> => {
    const answer = await post(token, '/ai/executions', { calls });
    expect(answer.status).toBe(201);
    return jsonObject(answer);
  };
  const stepsOf = (execution: Json) => execution['steps'] as Json[];
  const errorOf = (step: Json) => step['error'] as Json;
  const projectCount = async (): Promise<number> => {
    const answer = await get(owner.accessToken, '/projects?limit=100');
    return (jsonObject(answer)['data'] as Json[]).length;
  };

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'ai-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'AI Works' })).id);
    member = await addMember(keel.keel.url, owner, workspaceId, {
      email: 'ai-member@example.com',
      name: 'AI Member',
      role: 'member',
    });
    readerKey = (await createApiKey(owner, workspaceId, 'AI reader', ['ai:use', 'projects:read'])).key;

    const stranger = await signUp(keel.keel.url, 'ai-stranger');
    const strangersWorkspace = String((await createWorkspace(stranger, { name: 'Elsewhere Works' })).id);
    const foreign = await postJson(
      url('/projects', strangersWorkspace),
      { key: 'FAR', name: 'Far away' },
      bearer(stranger.accessToken),
    );
    expect(foreign.status).toBe(201);
    otherWorkspaceProjectId = String(jsonObject(foreign)['id']);
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should deny every call while the workspace has no policy, and log the decision', async () => {
    const execution = await execute(owner.accessToken, [{ tool: 'projects.list', input: {} }]);

    expect(execution['status']).toBe('succeeded');
    const [step] = stepsOf(execution);
    expect(step['outcome']).toBe('denied');
    expect(errorOf(step)).toMatchObject({ code: 'POLICY_DENIED', decisionId: step['decisionId'] });
    expect(step['result']).toBeNull();

    const log = jsonObject(await get(owner.accessToken, `/ai/decisions?execution=${String(execution['id'])}`));
    expect(log['data']).toEqual([
      expect.objectContaining({
        id: step['decisionId'],
        executionId: execution['id'],
        tool: 'projects.list',
        inputSha256: step['inputSha256'],
        effect: 'deny',
        matchedRules: [],
        policyVersion: null,
        principal: { type: 'user', id: owner.userId, role: 'owner' },
      }),
    ]);
  });

  it('should refuse a policy that does not parse, naming each problem at its JSON path', async () => {
    const answer = await put(owner.accessToken, '/ai/policy', {
      rules: [
        { id: 'a', effect: 'allow', tools: ['projects.list'] },
        { id: 'b', effect: 'permit', tools: ['*'], when: { frobnicate: [1] } },
      ],
      budgets: { perExecution: { maxWrites: -1 } },
    });

    expect(answer.status).toBe(422);
    const problem = jsonObject(answer);
    expect(problem['code']).toBe('AI_POLICY_INVALID');
    expect((problem['errors'] as Json[]).map((error) => error['path'])).toEqual(
      expect.arrayContaining(['$.rules[0].effect', '$.budgets.perExecution.maxWrites']),
    );
    expect(jsonObject(await get(owner.accessToken, '/ai/policy'))['version']).toBe(0);
  });

  it('should version the policy by its content and refuse a stale expectedVersion', async () => {
    const first = await setPolicy({
      rules: [{ id: 'reads', effect: 'permit', tools: ['@readOnly'] }],
      expectedVersion: 0,
    });
    const same = await setPolicy({ rules: [{ tools: ['@readOnly'], effect: 'permit', id: 'reads' }] });

    expect(first['version']).toBe(1);
    expect(first['contentHash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(same['version']).toBe(1);
    const stale = await put(owner.accessToken, '/ai/policy', { rules: [], expectedVersion: 0 });
    expect(stale.status).toBe(409);
    expect(jsonObject(stale)['code']).toBe('VERSION_CONFLICT');
  });

  it('should list to each caller only the tools its permissions allow, with schemas, annotations, permission and cost', async () => {
    const ownersTools = jsonObject(await get(owner.accessToken, '/ai/tools'))['data'] as Json[];
    const readersTools = jsonObject(await get(readerKey, '/ai/tools'))['data'] as Json[];

    expect(ownersTools.map((tool) => tool['name'])).toEqual([
      'projects.list',
      'projects.get',
      'projects.create',
      'projects.transition',
      'comments.add',
      'activity.list',
      'automations.list',
      'documents.search',
      'usage.get',
    ]);
    expect(readersTools.map((tool) => tool['name'])).toEqual(['projects.list', 'projects.get', 'activity.list']);
    expect(ownersTools.find((tool) => tool['name'] === 'projects.create')).toMatchObject({
      version: '1',
      permission: 'projects:write',
      cost: 5,
      annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
      inputSchema: expect.objectContaining({ required: ['key', 'name'] }),
    });
  });

  it('should act as the caller: a tool does what its HTTP route does, with the same activity and answer shape', async () => {
    await setPolicy({ rules: [{ id: 'all', effect: 'permit', tools: ['*'] }] });
    const tools = jsonObject(await get(owner.accessToken, '/ai/tools'))['data'] as Json[];
    const outputSchema = (name: string) => tools.find((tool) => tool['name'] === name)?.['outputSchema'] as Json;

    const execution = await execute(member.accessToken, [
      { tool: 'projects.create', input: { key: 'AIX', name: 'Made by a model' } },
      { tool: 'projects.list', input: { limit: 10 } },
    ]);

    const [created, listed] = stepsOf(execution);
    expect(created).toMatchObject({ outcome: 'succeeded', tool: 'projects.create', toolVersion: '1', error: null });
    const project = created['result'] as Json;
    const overHttp = jsonObject(await get(owner.accessToken, `/projects/${String(project['id'])}`));
    expect(overHttp).toEqual(project);
    expect(overHttp['createdBy']).toEqual({ type: 'user', id: member.userId });
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(outputSchema('projects.create'), project)).toBe(true);
    expect(ajv.validate(outputSchema('projects.list'), listed['result'])).toBe(true);
    expect(((listed['result'] as Json)['data'] as Json[]).map((item) => item['key'])).toContain('AIX');

    const activity = jsonObject(await get(owner.accessToken, `/projects/${String(project['id'])}/activity`));
    expect(activity['data']).toEqual([
      expect.objectContaining({ action: 'project.created', actor: { type: 'user', id: member.userId } }),
    ]);
    expect(execution['totals']).toMatchObject({ toolCalls: 2, succeeded: 2, refused: 0, writes: 1, units: 6 });
  });

  it('should not let a caller do through a tool what it cannot do over HTTP', async () => {
    const before = await projectCount();

    const overHttp = await postJson(url('/projects'), { key: 'NOPE', name: 'Not allowed' }, bearer(readerKey));
    const execution = await execute(readerKey, [
      { tool: 'projects.create', input: { key: 'NOPE', name: 'Not allowed' } },
      { tool: 'automations.list', input: {} },
    ]);

    expect(overHttp.status).toBe(403);
    const [create, automations] = stepsOf(execution);
    expect(create['outcome']).toBe('denied');
    expect(errorOf(create)).toMatchObject({ code: 'POLICY_DENIED', permission: 'projects:write' });
    expect(errorOf(automations)).toMatchObject({ code: 'POLICY_DENIED', permission: 'automations:read' });
    expect(await projectCount()).toBe(before);

    // A member may create projects but not read automation rules, over HTTP or through a tool.
    expect((await get(member.accessToken, '/automations')).status).toBe(403);
    const asMember = await execute(member.accessToken, [{ tool: 'automations.list' }]);
    expect(errorOf(stepsOf(asMember)[0])).toMatchObject({ code: 'POLICY_DENIED', permission: 'automations:read' });
  });

  it("should not reach another workspace's project through a tool, as the route would not", async () => {
    const execution = await execute(owner.accessToken, [
      { tool: 'projects.get', input: { projectId: otherWorkspaceProjectId } },
      { tool: 'comments.add', input: { projectId: otherWorkspaceProjectId, body: 'Hello from elsewhere' } },
    ]);

    expect((await get(owner.accessToken, `/projects/${otherWorkspaceProjectId}`)).status).toBe(404);
    for (const step of stepsOf(execution)) {
      expect(step['outcome']).toBe('failed');
      expect(errorOf(step)['code']).toBe('NOT_FOUND');
    }
  });

  it('should answer bad arguments and unknown tools as tool errors at their JSON paths, and run the calls after them', async () => {
    const execution = await execute(owner.accessToken, [
      { tool: 'projects.create', input: { key: 'lower', extra: 1 } },
      { tool: 'projects.explode', input: {} },
      { tool: 'projects.get', input: 'not an object' },
      { tool: 'projects.list', input: {} },
    ]);

    const [badInput, unknown, notObject, list] = stepsOf(execution);
    expect(badInput['outcome']).toBe('invalid');
    expect(errorOf(badInput)).toMatchObject({ code: 'INVALID_ARGUMENTS', decisionId: null });
    expect((errorOf(badInput)['errors'] as Json[]).map((error) => error['path'])).toEqual(
      expect.arrayContaining(['$.input.key', '$.input.name', '$.input.extra']),
    );
    expect(errorOf(unknown)).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(errorOf(notObject)).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(list['outcome']).toBe('succeeded');
  });

  it("should record a service's refusal on the step and keep the execution's other writes", async () => {
    const execution = await execute(owner.accessToken, [
      { tool: 'projects.create', input: { key: 'DUP', name: 'First' } },
      { tool: 'projects.create', input: { key: 'DUP', name: 'Second' } },
      { tool: 'projects.create', input: { key: 'DUP2', name: 'Third' } },
    ]);

    expect(stepsOf(execution).map((step) => step['outcome'])).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(errorOf(stepsOf(execution)[1])).toMatchObject({ code: 'PROJECT_KEY_TAKEN' });
    const keys = (jsonObject(await get(owner.accessToken, '/projects?limit=100'))['data'] as Json[]).map(
      (p) => p['key'],
    );
    expect(keys).toEqual(expect.arrayContaining(['DUP', 'DUP2']));
  });

  it('should let forbid win over approval and permit, and hold a call for approval without running the rest', async () => {
    const project = jsonObject(await post(owner.accessToken, '/projects', { key: 'GATE', name: 'Gated' }));
    await setPolicy({
      rules: [
        { id: 'all', effect: 'permit', tools: ['*'] },
        { id: 'ask-to-move', effect: 'require_approval', tools: ['projects.transition'] },
        {
          id: 'never-cancel',
          effect: 'forbid',
          tools: ['projects.*'],
          when: { '==': [{ var: 'input.to' }, 'Cancelled'] },
        },
      ],
    });
    const move = (to: string) => ({
      tool: 'projects.transition',
      input: { projectId: project['id'], to, expectedVersion: 1 },
    });

    const forbidden = await execute(owner.accessToken, [
      move('Cancelled'),
      { tool: 'projects.get', input: { projectId: project['id'] } },
    ]);
    const held = await execute(owner.accessToken, [
      move('Planned'),
      { tool: 'projects.get', input: { projectId: project['id'] } },
    ]);

    expect(stepsOf(forbidden).map((step) => step['outcome'])).toEqual(['denied', 'succeeded']);
    expect(errorOf(stepsOf(forbidden)[0])).toMatchObject({ code: 'POLICY_DENIED' });
    expect(held['status']).toBe('awaiting_approval');
    expect(held['finishedAt']).toBeNull();
    expect(stepsOf(held).map((step) => step['outcome'])).toEqual(['awaiting_approval']);
    expect(jsonObject(await get(owner.accessToken, `/projects/${String(project['id'])}`))['state']).toBe('Backlog');

    const forbids = jsonObject(await get(owner.accessToken, '/ai/decisions?effect=forbid&tool=projects.transition'));
    expect(forbids['data']).toEqual([
      expect.objectContaining({
        executionId: forbidden['id'],
        matchedRules: ['never-cancel'],
        policyVersion: expect.any(Number),
      }),
    ]);
  });

  it('should deny a call over budget, naming the budget, and let reads through', async () => {
    await setPolicy({
      rules: [{ id: 'all', effect: 'permit', tools: ['*'] }],
      budgets: { perExecution: { maxWrites: 1 } },
    });

    const execution = await execute(owner.accessToken, [
      { tool: 'projects.create', input: { key: 'BUD1', name: 'Within budget' } },
      { tool: 'projects.create', input: { key: 'BUD2', name: 'Over budget' } },
      { tool: 'projects.list', input: { limit: 1 } },
    ]);

    const [within, over, read] = stepsOf(execution);
    expect(within['outcome']).toBe('succeeded');
    expect(over['outcome']).toBe('denied');
    expect(errorOf(over)).toMatchObject({ code: 'BUDGET_EXCEEDED', budget: 'perExecution.maxWrites', limit: 1 });
    expect(read['outcome']).toBe('succeeded');
    const keys = (jsonObject(await get(owner.accessToken, '/projects?limit=100'))['data'] as Json[]).map(
      (p) => p['key'],
    );
    expect(keys).toContain('BUD1');
    expect(keys).not.toContain('BUD2');
  });

  it('should simulate a decision for another principal, changing and logging nothing', async () => {
    await setPolicy({
      rules: [
        { id: 'members-read', effect: 'permit', tools: ['@readOnly'], principals: ['member'] },
        { id: 'no-keys', effect: 'forbid', tools: ['*'], principals: ['api-key'] },
      ],
    });
    const logged = (jsonObject(await get(owner.accessToken, '/ai/decisions?limit=100'))['data'] as Json[]).length;

    const asMember = await post(owner.accessToken, '/ai/policy/simulate', {
      tool: 'projects.list',
      input: {},
      principal: { role: 'member' },
    });
    const asKey = jsonObject(
      await post(owner.accessToken, '/ai/policy/simulate', { tool: 'projects.list', principal: { type: 'api-key' } }),
    );
    const asOwner = jsonObject(
      await post(owner.accessToken, '/ai/policy/simulate', {
        tool: 'projects.create',
        input: { key: 'SIM', name: 'x' },
      }),
    );

    expect(asMember.status).toBe(200);
    expect(jsonObject(asMember)).toMatchObject({
      effect: 'permit',
      matchedRules: ['members-read'],
      permission: 'projects:read',
    });
    expect(asKey).toMatchObject({ effect: 'forbid', matchedRules: ['no-keys'] });
    expect(asOwner).toMatchObject({ effect: 'deny', matchedRules: [] });
    expect((jsonObject(await get(owner.accessToken, '/ai/decisions?limit=100'))['data'] as Json[]).length).toBe(logged);
  });

  it('should show an execution to its caller and to ai:manage, and to no other member', async () => {
    const execution = await execute(member.accessToken, [{ tool: 'projects.list', input: {} }]);
    const path = `/ai/executions/${String(execution['id'])}`;

    const own = await get(member.accessToken, path);
    expect(own.status).toBe(200);
    expect(jsonObject(own)).toEqual(execution);
    expect((await get(owner.accessToken, path)).status).toBe(200);
    expect((await get(readerKey, path)).status).toBe(404);
    expect((await get(member.accessToken, '/ai/decisions')).status).toBe(403);
    expect((await put(member.accessToken, '/ai/policy', { rules: [] })).status).toBe(403);
  });

  it('should answer prompt mode with 422 AI_PROVIDER_NOT_CONFIGURED when no provider is configured', async () => {
    const answer = await post(owner.accessToken, '/ai/executions', { prompt: 'List my projects.' });

    expect(answer.status).toBe(422);
    expect(jsonObject(answer)['code']).toBe('AI_PROVIDER_NOT_CONFIGURED');
    const neither = await post(owner.accessToken, '/ai/executions', {});
    expect(neither.status).toBe(422);
    expect(jsonObject(neither)['code']).toBe('VALIDATION_FAILED');
  });
});
