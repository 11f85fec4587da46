/**
 * The MCP endpoint through the built API on real PostgreSQL, spoken to by the
 * official SDK's own client over Streamable HTTP with a bearer token or an API
 * key: the tools a caller may use, a permitted read answering what the HTTP
 * route answers, a forbidden call, bad arguments and a call held for approval
 * answered as tool errors and logged like a calls-mode execution's; callers
 * without ai:use, or in a workspace that is not theirs, refused before MCP.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';

type Json = Record<string, unknown>;

describe('the MCP endpoint', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  let strangersWorkspaceId: string;
  let project: Json;
  /** ai:use and projects:read: reads only. */
  let readerKey: string;
  /** projects:read without ai:use. */
  let noAiKey: string;
  const clients: Client[] = [];

  const url = (path: string, workspace = workspaceId) => `${keel.keel.url}/v1/workspaces/${workspace}${path}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (token: string, path: string): Promise<HttpResult> => httpRequest(url(path), { headers: bearer(token) });

  /** An MCP client of the SDK, connected (initialize, then notifications/initialized) with `token`. */
  const connect = async (token: string, workspace = workspaceId): Promise<Client> => {
    const client = new Client({ name: 'keel-e2e', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url('/mcp', workspace)), {
      requestInit: { headers: bearer(token) },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  };

  const call = async (client: Client, name: string, args: Json): Promise<CallToolResult> =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  /** The tool error a refused call answers, from its text. */
  const toolErrorOf = (result: CallToolResult): Json => {
    expect(result.isError).toBe(true);
    const [content] = result.content;
    if (content.type !== 'text') throw new Error(`expected text content, got ${content.type}`);
    return JSON.parse(content.text) as Json;
  };

  const projectCount = async (): Promise<number> =>
    (jsonObject(await get(owner.accessToken, '/projects?limit=100'))['data'] as Json[]).length;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'mcp-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'MCP Works' })).id);
    member = await addMember(keel.keel.url, owner, workspaceId, {
      email: 'mcp-member@example.com',
      name: 'MCP Member',
      role: 'member',
    });
    readerKey = (await createApiKey(owner, workspaceId, 'MCP reader', ['ai:use', 'projects:read'])).key;
    noAiKey = (await createApiKey(owner, workspaceId, 'No AI', ['projects:read'])).key;
    const created = await postJson(url('/projects'), { key: 'MCP', name: 'Model context' }, bearer(owner.accessToken));
    expect(created.status).toBe(201);
    project = jsonObject(created);

    const policy = await httpRequest(url('/ai/policy'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(owner.accessToken) },
      body: JSON.stringify({
        rules: [
          { id: 'reads', effect: 'permit', tools: ['@readOnly'] },
          { id: 'no-new-projects', effect: 'forbid', tools: ['projects.create'] },
          { id: 'comments', effect: 'permit', tools: ['comments.add'] },
          { id: 'moves-need-approval', effect: 'require_approval', tools: ['projects.transition'] },
        ],
        budgets: { perExecution: { maxWrites: 5 }, perDay: { maxUnits: 1000 } },
      }),
    });
    expect(policy.status).toBe(200);

    const stranger = await signUp(keel.keel.url, 'mcp-stranger');
    strangersWorkspaceId = String((await createWorkspace(stranger, { name: 'Elsewhere MCP' })).id);
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    await keel?.stop();
  });

  it('should list to each caller the tools it may use, with their schemas and MCP annotations', async () => {
    const owners = await (await connect(owner.accessToken)).listTools();
    const readers = await (await connect(readerKey)).listTools();

    const httpTools = jsonObject(await get(owner.accessToken, '/ai/tools'))['data'] as Json[];
    expect(owners.tools.map((tool) => tool.name)).toEqual(httpTools.map((tool) => tool['name']));
    const projectsGet = owners.tools.find((tool) => tool.name === 'projects.get');
    const httpProjectsGet = httpTools.find((tool) => tool['name'] === 'projects.get');
    expect(projectsGet).toMatchObject({
      description: httpProjectsGet?.['description'],
      inputSchema: httpProjectsGet?.['inputSchema'],
      outputSchema: httpProjectsGet?.['outputSchema'],
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    });
    expect(owners.tools.find((tool) => tool.name === 'projects.transition')?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    });
    // The key holds projects:read and ai:use only: no tool that writes.
    const readerHttpTools = jsonObject(await get(readerKey, '/ai/tools'))['data'] as Json[];
    expect(readers.tools.map((tool) => tool.name)).toEqual(readerHttpTools.map((tool) => tool['name']));
    expect(readers.tools.map((tool) => tool.name)).not.toContain('projects.create');
    expect(readers.tools.map((tool) => tool.name)).toContain('projects.get');
  });

  it('should answer a permitted read with what the HTTP route answers, recorded as an execution', async () => {
    const client = await connect(member.accessToken);

    const result = await call(client, 'projects.get', { projectId: project['id'] });

    expect(result.isError).toBeFalsy();
    const overHttp = jsonObject(await get(member.accessToken, `/projects/${String(project['id'])}`));
    expect(result.structuredContent).toEqual(overHttp);
    const [content] = result.content;
    expect(content.type === 'text' && JSON.parse(content.text)).toEqual(overHttp);
    const executionId = String(result._meta?.['keel.dev/executionId']);
    const execution = jsonObject(await get(member.accessToken, `/ai/executions/${executionId}`));
    expect(execution).toMatchObject({
      mode: 'calls',
      status: 'succeeded',
      requestedBy: { type: 'user', id: member.userId },
      steps: [{ tool: 'projects.get', outcome: 'succeeded', result: overHttp }],
    });
  });

  it('should answer a forbidden call with isError POLICY_DENIED, change nothing, and log the decision', async () => {
    const client = await connect(member.accessToken);
    const before = await projectCount();

    const result = await call(client, 'projects.create', { key: 'NOPE', name: 'Not allowed' });

    const error = toolErrorOf(result);
    expect(error).toMatchObject({ code: 'POLICY_DENIED', reason: expect.stringContaining('no-new-projects') });
    expect(error['decisionId']).toEqual(expect.any(String));
    expect(await projectCount()).toBe(before);
    const executionId = String(result._meta?.['keel.dev/executionId']);
    const log = jsonObject(await get(owner.accessToken, `/ai/decisions?execution=${executionId}`));
    expect(log['data']).toEqual([
      expect.objectContaining({
        id: error['decisionId'],
        executionId,
        tool: 'projects.create',
        effect: 'forbid',
        matchedRules: ['no-new-projects'],
        principal: { type: 'user', id: member.userId, role: 'member' },
      }),
    ]);
  });

  it('should answer arguments that do not match the input schema with isError INVALID_ARGUMENTS, deciding nothing', async () => {
    const client = await connect(member.accessToken);

    const result = await call(client, 'projects.get', { projectId: 'not-a-uuid', extra: true });

    const error = toolErrorOf(result);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS', decisionId: null });
    expect((error['errors'] as Json[]).map((problem) => problem['path'])).toEqual(
      expect.arrayContaining(['$.input.projectId']),
    );
    const unknown = toolErrorOf(await call(client, 'projects.delete', {}));
    expect(unknown).toMatchObject({ code: 'INVALID_ARGUMENTS', reason: 'No tool is named "projects.delete".' });
  });

  it('should hold a call the policy wants approved, naming the approval to decide', async () => {
    const client = await connect(member.accessToken);
    const current = jsonObject(await get(member.accessToken, `/projects/${String(project['id'])}`));

    const result = await call(client, 'projects.transition', {
      projectId: project['id'],
      to: 'Cancelled',
      expectedVersion: current['version'],
    });

    const error = toolErrorOf(result);
    expect(error).toMatchObject({ code: 'APPROVAL_REQUIRED', approvalId: expect.any(String) });
    const approvals = jsonObject(await get(owner.accessToken, '/ai/approvals'))['data'] as Json[];
    expect(approvals.map((approval) => approval['id'])).toContain(error['approvalId']);
    expect(jsonObject(await get(member.accessToken, `/projects/${String(project['id'])}`))['state']).toBe(
      current['state'],
    );
  });

  it("should answer a call past the workspace's budget with isError BUDGET_EXCEEDED, naming the budget", async () => {
    const tightened = await httpRequest(url('/ai/policy'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(owner.accessToken) },
      body: JSON.stringify({
        rules: [{ id: 'comments', effect: 'permit', tools: ['comments.add'] }],
        budgets: { perDay: { maxWrites: 0 } },
      }),
    });
    expect(tightened.status).toBe(200);
    const client = await connect(member.accessToken);

    const error = toolErrorOf(await call(client, 'comments.add', { projectId: project['id'], body: 'Over budget' }));

    expect(error).toMatchObject({ code: 'BUDGET_EXCEEDED', budget: 'perDay.maxWrites', limit: 0 });
    const comments = jsonObject(await get(owner.accessToken, `/projects/${String(project['id'])}/comments`));
    expect(comments['data']).toEqual([]);
  });

  it('should refuse an API key without ai:use before any MCP message, with a 403 problem', async () => {
    await expect(connect(noAiKey)).rejects.toThrow(/403/);

    const answer = await postJson(
      url('/mcp'),
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { ...bearer(noAiKey), accept: 'application/json, text/event-stream' },
    );
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(jsonObject(answer)['code']).toBe('PERMISSION_DENIED');
  });

  it("should answer 404 for another workspace's id, as for a workspace that does not exist", async () => {
    await expect(connect(owner.accessToken, strangersWorkspaceId)).rejects.toThrow(/404/);

    const answer = await postJson(
      url('/mcp', strangersWorkspaceId),
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      bearer(owner.accessToken),
    );
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(jsonObject(answer)['code']).toBe('WORKSPACE_NOT_FOUND');
  });

  it('should answer a plain JSON client too, and 202 to notifications', async () => {
    const listed = await postJson(url('/mcp'), { jsonrpc: '2.0', id: 7, method: 'tools/list' }, bearer(readerKey));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(jsonObject(listed)).toMatchObject({ jsonrpc: '2.0', id: 7, result: { tools: expect.any(Array) } });

    const notified = await postJson(
      url('/mcp'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      bearer(readerKey),
    );
    expect(notified.status).toBe(202);
    expect(notified.text).toBe('');
  });

  it('should answer GET and DELETE with 405 problems: no stream and no session in stateless mode', async () => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await httpRequest(url('/mcp'), { method, headers: bearer(owner.accessToken) });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(jsonObject(answer)['code']).toBe('METHOD_NOT_ALLOWED');
    }
    const anonymous = await httpRequest(url('/mcp'), { method: 'GET' });
    expect(anonymous.status).toBe(401);
  });

  it('should refuse an Idempotency-Key, replaying nothing', async () => {
    const answer = await postJson(
      url('/mcp'),
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { ...bearer(readerKey), 'idempotency-key': 'mcp-once' },
    );
    expect(answer.status).toBe(422);
    expect(jsonObject(answer)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'Idempotency-Key' }] });
  });
});
