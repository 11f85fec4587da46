import { randomUUID } from 'node:crypto';
import { exampleRequestBody } from './support/example-request-body';
import { jsonObject } from './support/http';
import { adminCommand, bearerRequest, grantAdmin } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createApiKey, createWorkspace, OWNER_ONLY_PERMISSIONS, permissionCatalog } from './support/keel-tenants';
import { ApiOperation, listOperations, pathPlaceholders, readOpenApiDocument } from './support/openapi-document';
import { expectProblem } from './support/problem-details';

/**
 * Platform admins: granted and revoked only by `admin:grant` / `admin:revoke`
 * on the server (audited), and every `/v1/admin/*` route — walked from
 * docs/openapi.json — refuses an API key holding every scope (403
 * PERMISSION_DENIED, as every people-only route) and a signed-in person who
 * is not a platform admin (403 PLATFORM_ADMIN_REQUIRED).
 */
const document = readOpenApiDocument();
const adminOperations = listOperations(document).filter((operation) => operation.path.startsWith('/v1/admin/'));

interface AuditEntry {
  action: string;
  actor: { type: string; id: string } | null;
  target: { type: string; id: string } | null;
  reason: string | null;
  data: Record<string, unknown>;
  clientAddress: string | null;
  requestId: string | null;
}

describe('platform admins', () => {
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let owner: SignedInPerson;
  let everyScopeKey: string;

  function pathOf(operation: ApiOperation): string {
    return pathPlaceholders(operation.path).reduce(
      (built, name) => built.replace(`{${name}}`, randomUUID()),
      operation.path,
    );
  }

  function call(operation: ApiOperation, credential: string) {
    const body = exampleRequestBody(document, operation, (_property, schema) =>
      schema.format === 'uuid' ? randomUUID() : undefined,
    );
    return bearerRequest(`${keel.keel.url}${pathOf(operation)}`, credential, operation.method, body);
  }

  async function auditEntries(query = ''): Promise<AuditEntry[]> {
    const answer = await bearerRequest(`${keel.keel.url}/v1/admin/audit-events${query}`, admin.accessToken);
    expect(answer.status).toBe(200);
    return jsonObject(answer)['data'] as AuditEntry[];
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    admin = await signUp(keel.keel.url, 'platform-admin');
    owner = await signUp(keel.keel.url, 'workspace-owner');
    const workspaceId = (await createWorkspace(owner, { name: 'Admin Access' })).id;
    const everyScope = (await permissionCatalog(owner)).filter(
      (permission) => !OWNER_ONLY_PERMISSIONS.includes(permission),
    );
    everyScopeKey = (await createApiKey(owner, workspaceId, 'all scopes', everyScope)).key;
    await grantAdmin(keel.login.url, admin.email);
    // The command starts a second Keel of its own for its length.
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
  });

  it('should find the admin routes in the document, each declaring the platform admin guard', () => {
    expect(adminOperations.map((operation) => operation.label)).toContain('GET /v1/admin/audit-events');
    for (const operation of adminOperations) {
      expect([operation.label, operation.operation['x-keel-permission'], operation.operation['x-keel-auth']]).toEqual([
        operation.label,
        'platform:admin',
        'user',
      ]);
    }
  });

  it.each(adminOperations.map((operation) => [operation.label, operation] as const))(
    'should refuse an API key holding every scope, and a signed-in person who is no admin, on %s with 403',
    async (_label, operation) => {
      expect(
        expectProblem(await call(operation, everyScopeKey), { status: 403, code: 'PERMISSION_DENIED' }).detail,
      ).toMatch(/signed-in user; API keys cannot call it/);
      expect(
        expectProblem(await call(operation, owner.accessToken), { status: 403, code: 'PLATFORM_ADMIN_REQUIRED' })
          .detail,
      ).toMatch(/not one/);
    },
  );

  it('should let the admin read the platform audit log, the grant recorded with the operator who ran it', async () => {
    const answer = await bearerRequest(
      `${keel.keel.url}/v1/admin/audit-events?action=platform_admin.granted`,
      admin.accessToken,
      'GET',
      undefined,
      {
        'x-request-id': 'admin-access-e2e-1',
      },
    );
    expect(answer.status).toBe(200);
    const granted = jsonObject(answer)['data'] as AuditEntry[];
    expect(granted).toEqual([
      expect.objectContaining({
        action: 'platform_admin.granted',
        actor: { type: 'cli', id: expect.stringMatching(/^cli:/) },
        target: { type: 'user', id: admin.userId },
      }),
    ]);

    const [listed] = await auditEntries('?action=audit-events.list&limit=1');
    expect(listed).toEqual(
      expect.objectContaining({
        action: 'audit-events.list',
        actor: { type: 'user', id: admin.userId },
        requestId: 'admin-access-e2e-1',
        clientAddress: expect.any(String),
        data: { status: 200 },
      }),
    );
  });

  it('should page the log with a cursor and filter it by actor', async () => {
    const first = await bearerRequest(
      `${keel.keel.url}/v1/admin/audit-events?limit=1&actorId=${admin.userId}`,
      admin.accessToken,
    );
    const page = jsonObject(first);
    expect(page['data']).toHaveLength(1);
    expect(page['nextCursor']).toEqual(expect.any(String));
    const second = jsonObject(
      await bearerRequest(
        `${keel.keel.url}/v1/admin/audit-events?limit=1&actorId=${admin.userId}&cursor=${String(page['nextCursor'])}`,
        admin.accessToken,
      ),
    );
    const [a] = page['data'] as { id: string }[];
    const [b] = second['data'] as { id: string }[];
    expect(b.id < a.id).toBe(true);
    expectProblem(await bearerRequest(`${keel.keel.url}/v1/admin/audit-events?from=yesterday`, admin.accessToken), {
      status: 422,
      code: 'VALIDATION_FAILED',
    });
  });

  it('should refuse to grant an address without an account, and say a second grant changed nothing', async () => {
    const unknown = await adminCommand(keel.login.url, 'grant', 'nobody-here@example.com');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/no account has the address nobody-here@example.com/);
    const again = await adminCommand(keel.login.url, 'grant', admin.email.toUpperCase());
    expect(`exit ${again.code}\n${again.output}`).toMatch(/^exit 0\n[\s\S]*already is a platform admin/);
  }, 180_000);

  it('should take the role back with admin:revoke: the former admin is refused at once, and the log says who did it', async () => {
    const revoked = await adminCommand(keel.login.url, 'revoke', admin.email);
    expect(`exit ${revoked.code}\n${revoked.output}`).toMatch(/^exit 0\n[\s\S]*is no longer a platform admin/);
    expectProblem(await bearerRequest(`${keel.keel.url}/v1/admin/audit-events`, admin.accessToken), {
      status: 403,
      code: 'PLATFORM_ADMIN_REQUIRED',
    });
    await grantAdmin(keel.login.url, admin.email);
    const actions = (await auditEntries('?limit=100')).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['platform_admin.revoked', 'platform_admin.granted']));
    expect(actions.filter((action) => action === 'platform_admin.granted')).toHaveLength(2);
  }, 180_000);
});
