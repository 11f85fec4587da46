import { randomUUID } from 'node:crypto';
import { exampleRequestBody } from './support/example-request-body';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { createApiKey, createWorkspace, OWNER_ONLY_PERMISSIONS, permissionCatalog } from './support/keel-tenants';
import { httpRequest } from './support/http';
import { expectPermissionDenied, expectProblem } from './support/problem-details';
import { listOperations, pathPlaceholders, readOpenApiDocument } from './support/openapi-document';

/**
 * Routes marked `@PeopleOnly()` (`x-keel-auth: user` in docs/openapi.json)
 * belong to signed-in people: walked from the document, each refuses an API
 * key — even one of the very workspace, holding every scope — with 403.
 */
const document = readOpenApiDocument();
const peopleOnly = listOperations(document).filter((operation) => operation.operation['x-keel-auth'] === 'user');

describe('people-only routes', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;
  let apiKey: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    owner = await signUp(keel.keel.url, 'people-only');
    workspaceId = (await createWorkspace(owner, { name: 'People Only' })).id;
    const everyScope = (await permissionCatalog(owner)).filter(
      (permission) => !OWNER_ONLY_PERMISSIONS.includes(permission),
    );
    apiKey = (await createApiKey(owner, workspaceId, 'all scopes', everyScope)).key;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should find the routes marked for people in the document', () => {
    expect(peopleOnly.map((operation) => operation.label)).toEqual(
      expect.arrayContaining(['GET /v1/me', 'POST /v1/workspaces', 'POST /v1/invites/accept']),
    );
  });

  // A route that also needs an owner-only permission refuses the key for that scope first (no key can hold it).
  it.each(peopleOnly.map((operation) => [operation.label, operation] as const))(
    'should refuse an API key of the workspace on %s with 403 PERMISSION_DENIED, as people only',
    async (_label, operation) => {
      const path = pathPlaceholders(operation.path).reduce(
        (built, name) => built.replace(`{${name}}`, name === 'workspaceId' ? workspaceId : randomUUID()),
        operation.path,
      );
      const body = exampleRequestBody(document, operation, (property, schema) =>
        schema.format === 'uuid' ? randomUUID() : property === 'password' ? 'not the password' : undefined,
      );
      const workspacesBefore = await keel.database.dataSource.query('SELECT count(*)::int AS n FROM workspaces');

      const answer = await httpRequest(`${keel.keel.url}${path}`, {
        method: operation.method,
        headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

      const routePermission = operation.operation['x-keel-permission'];
      if (routePermission && OWNER_ONLY_PERMISSIONS.includes(routePermission)) {
        expectPermissionDenied(answer, routePermission);
      } else {
        expect(expectProblem(answer, { status: 403, code: 'PERMISSION_DENIED' }).detail).toMatch(/signed-in user/);
      }
      expect(await keel.database.dataSource.query('SELECT count(*)::int AS n FROM workspaces')).toEqual(
        workspacesBefore,
      );
    },
  );
});
