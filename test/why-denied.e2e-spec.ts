/**
 * "Why denied" (issue 18): a refusal inside a workspace says what was needed
 * and what the caller holds, and GET …/access/explain answers the same
 * question before trying; a stranger still learns nothing.
 */
import { answerOf, bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, signUp, uniqueEmail } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

describe('why denied', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should tell a member and an API key what a refused route needs and what they hold, and a stranger nothing', async () => {
    const owner = await signUp(baseUrl, 'why-owner');
    const workspace = await createWorkspace(owner, { name: 'Why Works' });
    const viewer = await addMember(baseUrl, owner, workspace.id, {
      email: uniqueEmail('why-viewer'),
      name: 'why-viewer',
      role: 'viewer',
    });
    const key = await createApiKey(owner, workspace.id, 'reader', ['projects:read', 'workspace:read']);
    const stranger = await signUp(baseUrl, 'why-stranger');
    const createProject = (client: ReturnType<typeof clientAs>) =>
      answerOf(
        client.POST('/v1/workspaces/{workspaceId}/projects', {
          params: { path: { workspaceId: workspace.id } },
          body: { key: 'WHY', name: 'Why' },
        }),
      );

    const asViewer = expectPermissionDenied(await createProject(viewer.client), 'projects:write');
    expect(asViewer.detail).toBe('projects:write needed; your role viewer has projects:read.');
    const asKey = expectPermissionDenied(await createProject(clientAs(baseUrl, key.key)), 'projects:write');
    expect(asKey.detail).toBe('projects:write needed; this API key has projects:read.');
    const asStranger = expectProblem(await createProject(stranger.client), {
      status: 404,
      code: 'WORKSPACE_NOT_FOUND',
    });
    expect(asStranger.detail).not.toMatch(/projects|role|permission/);
  });

  it('should explain a permission before trying: allowed or not, through which role or scope', async () => {
    const owner = await signUp(baseUrl, 'explain-owner');
    const workspace = await createWorkspace(owner, { name: 'Explain Works' });
    const viewer = await addMember(baseUrl, owner, workspace.id, {
      email: uniqueEmail('explain-viewer'),
      name: 'explain-viewer',
      role: 'viewer',
    });
    const key = await createApiKey(owner, workspace.id, 'reader', ['workspace:read', 'projects:read']);
    const explain = (client: ReturnType<typeof clientAs>, permission: string, workspaceId = workspace.id) =>
      answerOf(
        client.GET('/v1/workspaces/{workspaceId}/access/explain', {
          // Typed as the catalog's; the test also sends a name outside it.
          params: { path: { workspaceId }, query: { permission: permission as 'projects:read' } },
        }),
      );

    expect(bodyOf(await explain(viewer.client, 'projects:write'), 200)).toEqual({
      permission: 'projects:write',
      allowed: false,
      via: 'role',
      role: 'viewer',
      related: ['projects:read'],
      reason: 'projects:write needed; your role viewer has projects:read.',
    });
    expect(bodyOf(await explain(owner.client, 'projects:write'), 200)).toMatchObject({ allowed: true, role: 'owner' });
    expect(bodyOf(await explain(clientAs(baseUrl, key.key), 'projects:read'), 200)).toMatchObject({
      allowed: true,
      via: 'api-key-scope',
      role: null,
    });
    expectProblem(await explain(viewer.client, 'projects:fly'), { status: 422, code: 'VALIDATION_FAILED' });
    const stranger = await signUp(baseUrl, 'explain-stranger');
    expectProblem(await explain(stranger.client, 'projects:read'), { status: 404, code: 'WORKSPACE_NOT_FOUND' });
  });
});
