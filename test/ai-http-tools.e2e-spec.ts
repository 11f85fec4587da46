/**
 * Workspace secrets and HTTP tools through the built API on real PostgreSQL,
 * calling a real HTTP server that stands for an outside API: a secret is
 * write-only and sealed, a tool receives only the secrets it names, its
 * answer never shows them, and a tool reaches no private address unless the
 * operator allowed it (the webhooks' outbound rules).
 */
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { addMember, createWorkspace } from './support/keel-tenants';
import { startToolApiServer, ToolApiServer } from './support/tool-api-server';
import { workspaceRows } from './support/workspace-rows';

type Json = Record<string, unknown>;

const SECRET_VALUE = 'crm_live_7Qx9-very/secret+value';
const REPLACED_VALUE = 'crm_live_second-value-42';

function clientFor(keel: KeelOnTestDatabase, workspaceId: string) {
  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    post: (token: string, path: string, body: unknown): Promise<HttpResult> => postJson(url(path), body, bearer(token)),
    get: (token: string, path: string): Promise<HttpResult> => httpRequest(url(path), { headers: bearer(token) }),
    put: (token: string, path: string, body: unknown): Promise<HttpResult> =>
      httpRequest(url(path), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      }),
    remove: (token: string, path: string): Promise<HttpResult> =>
      httpRequest(url(path), { method: 'DELETE', headers: bearer(token) }),
  };
}

const stepsOf = (execution: Json) => execution['steps'] as Json[];
const pathsOf = (problem: Json) => (problem['errors'] as Json[]).map((error) => error['path']);

describe('AI HTTP tools and workspace secrets', () => {
  let keel: KeelOnTestDatabase;
  let api: ToolApiServer;
  let owner: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  let http: ReturnType<typeof clientFor>;

  const execute = async (token: string, calls: { tool: string; input?: unknown }[]): Promise<Json> => {
    const answer = await http.post(token, '/ai/executions', { calls });
    expect(answer.status).toBe(201);
    return jsonObject(answer);
  };

  const lookupTool = () => ({
    name: 'crm.lookup',
    description: 'Finds a contact of the CRM by email address.',
    inputSchema: {
      type: 'object',
      required: ['email'],
      additionalProperties: false,
      properties: { email: { type: 'string', maxLength: 200 } },
    },
    request: {
      method: 'GET',
      url: api.url('/contacts?email={{input.email}}'),
      headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}' },
    },
    secrets: ['CRM_TOKEN'],
    annotations: { readOnly: true },
  });

  beforeAll(async () => {
    api = await startToolApiServer();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await signUp(keel.keel.url, 'ai-http-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'AI HTTP Works' })).id);
    member = await addMember(keel.keel.url, owner, workspaceId, {
      email: 'ai-http-member@example.com',
      name: 'AI HTTP Member',
      role: 'member',
    });
    http = clientFor(keel, workspaceId);
    const policy = await http.put(owner.accessToken, '/ai/policy', {
      rules: [{ id: 'all', effect: 'permit', tools: ['*'] }],
    });
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await keel?.stop();
    await api?.close();
  });

  it('should keep a secret write-only: answered without its value, sealed at rest, replaced as a new version', async () => {
    const created = await http.post(owner.accessToken, '/secrets', {
      name: 'CRM_TOKEN',
      value: SECRET_VALUE,
      description: 'The CRM API token.',
    });

    expect(created.status).toBe(201);
    expect(created.text).not.toContain(SECRET_VALUE);
    expect(jsonObject(created)).toEqual({
      name: 'CRM_TOKEN',
      description: 'The CRM API token.',
      version: 1,
      createdBy: { type: 'user', id: owner.userId },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      lastUsedAt: null,
    });
    const again = await http.post(owner.accessToken, '/secrets', { name: 'CRM_TOKEN', value: 'another-value-1' });
    expect(again.status).toBe(409);
    expect(jsonObject(again)['code']).toBe('SECRET_NAME_TAKEN');
    const short = await http.post(owner.accessToken, '/secrets', { name: 'SHORT', value: 'abc' });
    expect(short.status).toBe(422);

    const byMember = await http.post(member.accessToken, '/secrets', { name: 'MINE', value: 'member-value-123' });
    expect(byMember.status).toBe(403);
    expect((await http.get(member.accessToken, '/secrets')).status).toBe(403);

    const replaced = await http.put(owner.accessToken, '/secrets/CRM_TOKEN', { value: REPLACED_VALUE });
    expect(jsonObject(replaced)).toMatchObject({ name: 'CRM_TOKEN', version: 2, description: 'The CRM API token.' });
    expect((await http.put(owner.accessToken, '/secrets/NO_SUCH', { value: REPLACED_VALUE })).status).toBe(404);
    const back = await http.put(owner.accessToken, '/secrets/CRM_TOKEN', { value: SECRET_VALUE });
    expect(jsonObject(back)['version']).toBe(3);

    const listed = await http.get(owner.accessToken, '/secrets');
    expect(jsonObject(listed)['data']).toEqual([expect.objectContaining({ name: 'CRM_TOKEN', version: 3 })]);
    expect(listed.text).not.toContain(SECRET_VALUE);
    const [row] = (await keel.database.dataSource.query(
      `SELECT value_sealed FROM workspace_secrets WHERE workspace_id = $1`,
      [workspaceId],
    )) as { value_sealed: string }[];
    expect(row?.value_sealed).toMatch(/^v2\./);
    expect(row?.value_sealed).not.toContain(SECRET_VALUE);
  });

  it('should refuse a bad registration with TOOL_INVALID at each JSON path, and a taken name with TOOL_NAME_TAKEN', async () => {
    const bad = await http.post(owner.accessToken, '/ai/tools', {
      ...lookupTool(),
      name: 'projects.export',
      request: {
        method: 'GET',
        url: api.url('/contacts?email={{input.mail}}'),
        headers: { Authorization: 'Bearer {{secrets.OTHER}}' },
      },
      secrets: ['CRM_TOKEN', 'MISSING_ONE'],
    });

    expect(bad.status).toBe(422);
    const problem = jsonObject(bad);
    expect(problem['code']).toBe('TOOL_INVALID');
    expect(pathsOf(problem)).toEqual(
      expect.arrayContaining(['$.name', '$.request.url', '$.request.headers.Authorization']),
    );
    const missingSecret = await http.post(owner.accessToken, '/ai/tools', {
      ...lookupTool(),
      request: { ...lookupTool().request, headers: { Authorization: 'Bearer {{secrets.NOPE_1}}' } },
      secrets: ['NOPE_1'],
    });
    expect(missingSecret.status).toBe(422);
    expect(pathsOf(jsonObject(missingSecret))).toEqual(['$.secrets[0]']);

    const registered = await http.post(owner.accessToken, '/ai/tools', lookupTool());
    expect(registered.status).toBe(201);
    expect(jsonObject(registered)).toMatchObject({
      name: 'crm.lookup',
      kind: 'http',
      version: expect.stringMatching(/^[0-9a-f]{12}$/),
      permission: 'ai:use',
      cost: 1,
      annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
    });
    const taken = await http.post(owner.accessToken, '/ai/tools', lookupTool());
    expect(taken.status).toBe(409);
    expect(jsonObject(taken)['code']).toBe('TOOL_NAME_TAKEN');
    expect((await http.post(member.accessToken, '/ai/tools', { ...lookupTool(), name: 'crm.other' })).status).toBe(403);

    const membersTools = jsonObject(await http.get(member.accessToken, '/ai/tools'))['data'] as Json[];
    expect(membersTools.map((tool) => tool['name'])).toContain('crm.lookup');
  });

  it('should call the outside API with the secret filled in, and never show the secret in what it answers or keeps', async () => {
    const execution = await execute(member.accessToken, [
      { tool: 'crm.lookup', input: { email: 'ada+lovelace@example.com' } },
    ]);

    const [call] = api.received();
    expect(call).toMatchObject({ method: 'GET', url: '/contacts?email=ada%2Blovelace%40example.com' });
    expect(call?.headers.authorization).toBe(`Bearer ${SECRET_VALUE}`);
    expect(call?.headers['user-agent']).toBe('Keel-AI-Tools/1');
    const [step] = stepsOf(execution);
    expect(step).toMatchObject({ tool: 'crm.lookup', outcome: 'succeeded', error: null });
    expect(step?.['result']).toEqual({
      status: 200,
      contentType: 'application/json',
      body: {
        method: 'GET',
        url: '/contacts?email=ada%2Blovelace%40example.com',
        authorization: 'Bearer [secret:CRM_TOKEN]',
      },
    });

    const later = await http.get(member.accessToken, `/ai/executions/${String(execution['id'])}`);
    const decisions = await http.get(owner.accessToken, `/ai/decisions?execution=${String(execution['id'])}`);
    const secrets = jsonObject(await http.get(owner.accessToken, '/secrets'))['data'] as Json[];
    expect(secrets[0]?.['lastUsedAt']).toEqual(expect.any(String));
    for (const answer of [later, decisions]) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(SECRET_VALUE);
    }
    expect(JSON.stringify(await workspaceRows(keel.database.dataSource, workspaceId))).not.toContain(SECRET_VALUE);
    expect(keel.keel.output()).not.toContain(SECRET_VALUE);
  });

  it('should send a JSON body from the template, keeping the types of the input', async () => {
    const registered = await http.post(owner.accessToken, '/ai/tools', {
      name: 'crm.note',
      description: 'Adds a note to a contact.',
      inputSchema: {
        type: 'object',
        required: ['contactId', 'text'],
        properties: { contactId: { type: 'integer' }, text: { type: 'string' }, pinned: { type: 'boolean' } },
      },
      request: {
        method: 'POST',
        url: api.url('/contacts/{{input.contactId}}/notes'),
        headers: { 'X-Api-Key': '{{secrets.CRM_TOKEN}}' },
        bodyTemplate: { contact: '{{input.contactId}}', text: 'From Keel: {{input.text}}', pinned: '{{input.pinned}}' },
      },
      secrets: ['CRM_TOKEN'],
    });
    expect(registered.status).toBe(201);
    expect(jsonObject(registered)).toMatchObject({
      cost: 5,
      annotations: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
    });
    api.respond((request) => ({ status: 201, body: { id: 99, received: JSON.parse(request.body) as unknown } }));

    const execution = await execute(member.accessToken, [
      { tool: 'crm.note', input: { contactId: 7, text: 'called back', pinned: true } },
    ]);

    const sent = api.received().at(-1);
    expect(sent).toMatchObject({ method: 'POST', url: '/contacts/7/notes' });
    expect(sent?.headers['x-api-key']).toBe(SECRET_VALUE);
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({ contact: 7, text: 'From Keel: called back', pinned: true });
    expect(stepsOf(execution)[0]).toMatchObject({ outcome: 'succeeded', result: { status: 201 } });
    expect(execution['totals']).toMatchObject({ writes: 1, destructive: 1, units: 5 });
  });

  it("should fail the step with the API's status when it answers an error, and run the calls after it", async () => {
    api.respond(() => ({ status: 404, body: { error: `no contact; your key ${SECRET_VALUE} is fine` } }));

    const execution = await execute(member.accessToken, [
      { tool: 'crm.lookup', input: { email: 'nobody@example.com' } },
      { tool: 'crm.lookup', input: { email: 42 } },
    ]);

    const [failed, invalid] = stepsOf(execution);
    expect(failed).toMatchObject({
      outcome: 'failed',
      error: {
        code: 'TOOL_HTTP_ERROR',
        status: 404,
        body: { error: 'no contact; your key [secret:CRM_TOKEN] is fine' },
      },
    });
    expect(invalid).toMatchObject({ outcome: 'invalid', error: { code: 'INVALID_ARGUMENTS' } });
    expect(JSON.stringify(execution)).not.toContain(SECRET_VALUE);
  });

  it('should not delete a secret a tool names, and delete it once the tools are gone', async () => {
    const inUse = await http.remove(owner.accessToken, '/secrets/CRM_TOKEN');

    expect(inUse.status).toBe(409);
    expect(jsonObject(inUse)).toMatchObject({ code: 'SECRET_IN_USE', tools: ['crm.lookup', 'crm.note'] });
    expect((await http.remove(owner.accessToken, '/ai/tools/crm.lookup')).status).toBe(204);
    expect((await http.remove(owner.accessToken, '/ai/tools/crm.note')).status).toBe(204);
    expect((await http.remove(owner.accessToken, '/ai/tools/crm.note')).status).toBe(404);
    expect((await http.remove(owner.accessToken, '/secrets/CRM_TOKEN')).status).toBe(204);
    expect(jsonObject(await http.get(owner.accessToken, '/secrets'))['data']).toEqual([]);
  });
});

describe('AI HTTP tools without WEBHOOK_ALLOW_PRIVATE', () => {
  let keel: KeelOnTestDatabase;
  let api: ToolApiServer;

  beforeAll(async () => {
    api = await startToolApiServer();
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'false' });
  });

  afterAll(async () => {
    await keel?.stop();
    await api?.close();
  });

  it('should refuse to register a tool whose URL is a private address, and refuse to call one at call time', async () => {
    const owner = await signUp(keel.keel.url, 'ai-http-private');
    const workspaceId = String((await createWorkspace(owner, { name: 'Private Tools' })).id);
    const http = clientFor(keel, workspaceId);
    await http.put(owner.accessToken, '/ai/policy', { rules: [{ id: 'all', effect: 'permit', tools: ['*'] }] });
    const tool = (url: string) => ({
      name: 'internal.metadata',
      description: 'Reads something.',
      inputSchema: { type: 'object', properties: {} },
      request: { method: 'GET', url },
      annotations: { readOnly: true },
    });

    const refused = await http.post(owner.accessToken, '/ai/tools', tool(api.url('/private')));
    expect(refused.status).toBe(422);
    expect(jsonObject(refused)).toMatchObject({
      code: 'TOOL_INVALID',
      errors: [expect.objectContaining({ path: '$.request.url', message: expect.stringMatching(/loopback/) })],
    });

    // Saved with a name that resolves nowhere, then pointed at loopback behind Keel's back (as DNS could).
    expect((await http.post(owner.accessToken, '/ai/tools', tool('https://api.keel.invalid/meta'))).status).toBe(201);
    await keel.database.dataSource.query(
      `UPDATE ai_http_tools SET request = jsonb_set(request, '{url}', to_jsonb($2::text)) WHERE workspace_id = $1`,
      [workspaceId, api.url('/private')],
    );
    const answer = await http.post(owner.accessToken, '/ai/executions', { calls: [{ tool: 'internal.metadata' }] });

    expect(answer.status).toBe(201);
    expect(stepsOf(jsonObject(answer))[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'TOOL_ADDRESS_REFUSED', reason: expect.stringMatching(/loopback.*WEBHOOK_ALLOW_PRIVATE/) },
    });
    expect(api.received()).toEqual([]);
  });
});
