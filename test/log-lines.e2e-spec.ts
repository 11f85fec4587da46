/**
 * What the process writes while it starts and serves: one line per request
 * naming how it ended and for whom, and no start-up chatter at info level.
 */
import { httpRequest } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { parseLogLines, requestLogLine, topLevelKeys } from './support/log-lines';
import { pollUntil } from './support/poll';

describe('log lines', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'info', KEEL_ROLE: 'api' });
    owner = await signUp(keel.keel.url, 'log-lines-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Log Works' })).id;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  const lineOf = (requestId: string) =>
    pollUntil(
      `the log line of request ${requestId}`,
      async () => requestLogLine(keel.keel.output(), requestId),
      (line) => line !== undefined,
    );

  it('should keep Nest’s route mapping and module lines at debug level, off an info log', () => {
    const contexts = parseLogLines(keel.keel.output()).map((line) => line['context']);

    expect(contexts.filter((context) => context === 'RouterExplorer')).toEqual([]);
    expect(contexts.filter((context) => context === 'RoutesResolver')).toEqual([]);
    expect(contexts.filter((context) => context === 'InstanceLoader')).toEqual([]);
  });

  it('should name the problem code, the workspace and the caller on the line of a refused request', async () => {
    const missing = '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f70';
    const answer = await httpRequest(`${keel.keel.url}/v1/workspaces/${workspaceId}/projects/${missing}`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-request-id': 'log-line-refused' },
    });
    expect(answer.status).toBe(404);

    expect(await lineOf('log-line-refused')).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
      workspaceId,
      actorType: 'user',
      actorId: owner.userId,
      route: '/v1/workspaces/:workspaceId/projects/:projectId',
    });
  });

  it('should name the code of a request refused before any caller is known, and no workspace or caller', async () => {
    const answer = await httpRequest(`${keel.keel.url}/v1/workspaces/${workspaceId}/projects`, {
      headers: { 'x-request-id': 'log-line-anonymous' },
    });
    expect(answer.status).toBe(401);

    const line = await lineOf('log-line-anonymous');
    expect(line).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(line).not.toHaveProperty('actorId');
    expect(line).not.toHaveProperty('workspaceId');
  });

  it('should name no code on a request that succeeded', async () => {
    const answer = await httpRequest(`${keel.keel.url}/v1/workspaces/${workspaceId}/projects`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-request-id': 'log-line-listed' },
    });
    expect(answer.status).toBe(200);

    const line = await lineOf('log-line-listed');
    expect(line).toMatchObject({ statusCode: 200, workspaceId, actorType: 'user', actorId: owner.userId });
    expect(line).not.toHaveProperty('code');
  });

  it('should write every key once on every line', () => {
    const repeated = keel.keel
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => topLevelKeys(text).filter((key, index, keys) => keys.indexOf(key) !== index))
      .filter((keys) => keys.length > 0);

    expect(repeated).toEqual([]);
  });
});
