/**
 * Walks docs/openapi.json: every operation on a path with `{workspaceId}` is
 * called as each kind of outsider, and must be refused without giving away or
 * changing anything of the other workspace. Routes added later are covered
 * without new test code; a route the walk cannot exercise (a parameter it has
 * no value for) fails, it is never skipped.
 */
import { HttpResult, httpRequest } from './support/http';
import { exampleRequestBody } from './support/example-request-body';
import { answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson } from './support/keel-people';
import {
  addMember,
  createApiKey,
  permissionCatalog,
  populateWorkspace,
  PopulatedWorkspace,
} from './support/keel-tenants';
import { ApiOperation, listOperations, pathPlaceholders, readOpenApiDocument } from './support/openapi-document';
import { expectPermissionDenied, expectProblem } from './support/problem-details';
import { workspaceRows } from './support/workspace-rows';
import { plantWorkspaceHistory, workspaceSettled, WorkspaceHistory } from './support/workspace-history';

/** A populated workspace, with the history only time and failures make planted in it. */
type WalkedWorkspace = PopulatedWorkspace & { history: WorkspaceHistory };

const document = readOpenApiDocument();
const workspaceOperations = listOperations(document).filter((operation) => operation.path.includes('{workspaceId}'));

/**
 * Where the value of each path parameter (or id in a body) comes from, given
 * the workspace whose objects a call should name. A parameter missing here
 * fails every test of its route, with its name.
 */
const ID_SOURCES: Readonly<Record<string, (workspace: WalkedWorkspace) => string>> = {
  workspaceId: (workspace) => workspace.id,
  userId: (workspace) => workspace.member.userId,
  inviteId: (workspace) => workspace.pendingInvite.id,
  roleId: (workspace) => workspace.customRole.id,
  keyId: (workspace) => workspace.apiKey.id,
  projectId: (workspace) => workspace.project.id,
  commentId: (workspace) => workspace.comment.id,
  versionId: (workspace) => workspace.draftWorkflow.id,
  ruleId: (workspace) => workspace.automationRule.id,
  runId: (workspace) => workspace.history.failedRunId,
  jobId: (workspace) => workspace.history.queuedJobId,
  deadLetterId: (workspace) => workspace.history.deadLetterId,
  endpointId: (workspace) => workspace.webhookEndpoint.id,
  deliveryId: (workspace) => workspace.history.deliveryId,
};

/** Where one route needs another object than the parameter's usual one (retrying wants a failed job). */
const ROUTE_ID_SOURCES: Readonly<Record<string, Readonly<Record<string, (workspace: WalkedWorkspace) => string>>>> = {
  'POST /v1/workspaces/{workspaceId}/jobs/{jobId}/retry': { jobId: (workspace) => workspace.history.failedJobId },
};

/** The built-in viewer role's permissions (docs; checked against the API below). */
const VIEWER_PERMISSIONS = ['members:read', 'projects:read', 'roles:read', 'workflow:read', 'workspace:read'];

/** Which workspace's objects a call names, parameter by parameter. */
type ObjectsOf = (parameter: string) => WalkedWorkspace;

/** Who makes a call: a person (with their access token) or an API key. */
type Caller = SignedInPerson | Schema<'CreatedApiKeyResponse'>;

function credentialOf(caller: Caller): string {
  return 'accessToken' in caller ? caller.accessToken : caller.key;
}

interface PreparedCall {
  path: string;
  body: Record<string, unknown> | undefined;
}

/** The path and body of `operation` as `caller` sends it, every id taken from `objectsOf`'s workspace. */
function prepareCall(operation: ApiOperation, objectsOf: ObjectsOf, caller?: Caller): PreparedCall {
  const idFor = (parameter: string): string => {
    const source = ROUTE_ID_SOURCES[operation.label]?.[parameter] ?? ID_SOURCES[parameter];
    if (!source) {
      throw new Error(
        `${operation.label}: the suite has no value source for the parameter "${parameter}"; add it to ID_SOURCES.`,
      );
    }
    return source(objectsOf(parameter));
  };
  let path = operation.path;
  for (const parameter of pathPlaceholders(operation.path)) {
    path = path.replace(`{${parameter}}`, encodeURIComponent(idFor(parameter)));
  }
  const query = new URLSearchParams();
  for (const parameter of operation.operation.parameters ?? []) {
    if (parameter.in === 'query' && parameter.required) query.set(parameter.name, idFor(parameter.name));
  }
  if (query.size > 0) path = `${path}?${query.toString()}`;
  const body = exampleRequestBody(document, operation, (property) => {
    if (ID_SOURCES[property]) return idFor(property);
    // A route asking for the caller's password gets the right one; a key or an anonymous caller sends the example.
    if (/password/i.test(property) && caller && 'password' in caller) return caller.password;
    return undefined;
  });
  return { path, body };
}

/** The body fields of `operation` that name an object by id (and so can name another workspace's). */
function bodyIds(operation: ApiOperation): string[] {
  const body = exampleRequestBody(document, operation, (property) => (ID_SOURCES[property] ? property : undefined));
  return Object.keys(body ?? {}).filter((property) => ID_SOURCES[property] && property !== 'workspaceId');
}

const operationsNamingOtherObjects = workspaceOperations.filter(
  (operation) =>
    pathPlaceholders(operation.path).some((parameter) => parameter !== 'workspaceId') || bodyIds(operation).length > 0,
);

const operationsTheViewerLacks = workspaceOperations.filter((operation) => {
  const permission = operation.operation['x-keel-permission'];
  return permission === undefined || !VIEWER_PERMISSIONS.includes(permission);
});

describe('cross-tenant isolation, route by route from docs/openapi.json', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let alpha: WalkedWorkspace;
  let bravo: WalkedWorkspace;
  let alphaViewer: SignedInPerson;
  let bravoMasterKey: Schema<'CreatedApiKeyResponse'>;
  /** Strings only workspace B's data holds: no refusal may carry one. */
  let bravoSecrets: string[];

  /** A populated workspace with its planted history, once what populating it set off has settled. */
  const walked = async (label: string): Promise<WalkedWorkspace> => {
    const workspace = await populateWorkspace(baseUrl, label);
    const history = await plantWorkspaceHistory(keel.database.dataSource, workspace);
    return { ...workspace, history };
  };

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    baseUrl = keel.keel.url;
    alpha = await walked('alpha');
    alphaViewer = await addMember(baseUrl, alpha.owner, alpha.id, {
      email: 'alpha-viewer@example.com',
      name: 'Alpha Viewer',
      role: 'viewer',
    });
    bravo = await walked('bravo');
    bravoMasterKey = await createApiKey(
      bravo.owner,
      bravo.id,
      'Bravo master key',
      // Every permission a key can hold: ownership transfer needs a person and their password.
      (await permissionCatalog(bravo.owner)).filter((permission) => permission !== 'ownership:transfer'),
    );
    bravoSecrets = [
      bravo.id,
      bravo.name,
      bravo.slug,
      ...[bravo.owner, bravo.member].flatMap((person) => [person.userId, person.email, person.name]),
      bravo.pendingInvite.id,
      bravo.pendingInvite.email,
      bravo.customRole.id,
      bravo.customRole.key,
      bravo.customRole.name,
      ...[bravo.apiKey, bravoMasterKey].flatMap((key) => [key.id, key.name, key.prefix, key.key]),
      bravo.project.id,
      bravo.project.name,
      bravo.project.description,
      bravo.comment.id,
      bravo.comment.body,
      bravo.draftWorkflow.id,
      bravo.automationRule.id,
      bravo.automationRule.name,
      bravo.webhookEndpoint.id,
      bravo.webhookEndpoint.url,
      bravo.webhookEndpoint.secret,
      ...Object.values(bravo.history),
    ];
    // Refusals must change nothing: first let the relay and consumers finish with what populating caused.
    for (const workspace of [alpha, bravo]) {
      await workspaceSettled(() => workspaceRows(keel.database.dataSource, workspace.id));
    }
  });

  afterAll(async () => {
    await keel?.stop();
  });

  const send = (operation: ApiOperation, call: PreparedCall, caller?: Caller): Promise<HttpResult> => {
    const headers: Record<string, string> = {};
    if (caller) headers['authorization'] = `Bearer ${credentialOf(caller)}`;
    if (call.body) headers['content-type'] = 'application/json';
    return httpRequest(`${baseUrl}${call.path}`, {
      method: operation.method,
      headers,
      body: call.body ? JSON.stringify(call.body) : undefined,
    });
  };

  /** Calls `operation`, checking that no row of either workspace changed. */
  const callChangingNothing = async (
    operation: ApiOperation,
    objectsOf: ObjectsOf,
    caller?: Caller,
  ): Promise<HttpResult> => {
    const call = prepareCall(operation, objectsOf, caller);
    const dataSource = keel.database.dataSource;
    const before = {
      alpha: await workspaceRows(dataSource, alpha.id),
      bravo: await workspaceRows(dataSource, bravo.id),
    };

    const result = await send(operation, call, caller);

    const after = {
      alpha: await workspaceRows(dataSource, alpha.id),
      bravo: await workspaceRows(dataSource, bravo.id),
    };
    expect(after).toEqual(before);
    return result;
  };

  const expectNothingOfBravo = (result: HttpResult): void => {
    expect(bravoSecrets.filter((secret) => result.text.includes(secret))).toEqual([]);
  };

  it('should find the workspace routes in docs/openapi.json', () => {
    expect(workspaceOperations.map((operation) => operation.label)).toEqual(
      expect.arrayContaining([
        'GET /v1/workspaces/{workspaceId}',
        'PATCH /v1/workspaces/{workspaceId}/members/{userId}',
        'DELETE /v1/workspaces/{workspaceId}/api-keys/{keyId}',
      ]),
    );
  });

  it('should give the viewer role the permissions this suite assumes', async () => {
    const roles = await answerOf(
      alphaViewer.client.GET('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId: alpha.id } } }),
    );
    const viewer = bodyOf(roles, 200).data.find((role) => role.key === 'viewer');
    expect(viewer).toMatchObject({ permissions: VIEWER_PERMISSIONS });
  });

  describe('a caller without credentials', () => {
    it.each(workspaceOperations)('$label should answer 401 to a caller without credentials', async (operation) => {
      const result = await callChangingNothing(operation, () => alpha);

      expectProblem(result, { status: 401, code: 'UNAUTHENTICATED' });
      expectNothingOfBravo(result);
    });
  });

  describe('a member of another workspace', () => {
    it.each(workspaceOperations)('$label should answer 404 to a member of another workspace', async (operation) => {
      const result = await callChangingNothing(operation, () => bravo, alpha.owner);

      expectProblem(result, { status: 404, code: 'WORKSPACE_NOT_FOUND' });
      expectNothingOfBravo(result);
    });
  });

  describe("another workspace's API key", () => {
    it.each(workspaceOperations)(
      "$label should refuse another workspace's API key, even one holding every permission",
      async (operation) => {
        const result = await callChangingNothing(operation, () => alpha, bravoMasterKey);

        if (result.status === 401) expectProblem(result, { status: 401, code: 'INVALID_TOKEN' });
        else expectProblem(result, { status: 404, code: 'WORKSPACE_NOT_FOUND' });
        expectNothingOfBravo(result);
      },
    );
  });

  describe('a viewer', () => {
    it.each(operationsTheViewerLacks)(
      '$label should answer 403 to a viewer, who lacks its permission',
      async (operation) => {
        const result = await callChangingNothing(operation, () => alpha, alphaViewer);

        expectPermissionDenied(result, String(operation.operation['x-keel-permission']));
        expectNothingOfBravo(result);
      },
    );
  });

  describe("ids of another workspace's objects in one's own workspace", () => {
    it.each(operationsNamingOtherObjects)(
      "$label should answer 404 to an owner naming another workspace's objects",
      async (operation) => {
        const result = await callChangingNothing(
          operation,
          (parameter) => (parameter === 'workspaceId' ? alpha : bravo),
          alpha.owner,
        );

        expectProblem(result, { status: 404, code: 'NOT_FOUND' });
        expectNothingOfBravo(result);
      },
    );
  });

  describe('a caller allowed to use the route', () => {
    // The refusals above must come from isolation, not from a body the route would reject anyway.
    it.each(workspaceOperations.map((operation, index) => ({ ...operation, index })))(
      '$label should accept, from an owner of the workspace, the request the walk sends',
      async (operation) => {
        const own = await walked(`control${operation.index}`);
        // Populating sets off background work (a rule fires); let it finish, as the refusal tests do.
        await workspaceSettled(() => workspaceRows(keel.database.dataSource, own.id));
        const result = await send(
          operation,
          prepareCall(operation, () => own, own.owner),
          own.owner,
        );

        expect(result.status < 300 ? 'accepted' : `${result.status} ${result.text}`).toBe('accepted');
      },
    );
  });
});
