/**
 * Walks the OpenAPI document the running app serves (GET /openapi.json):
 * every operation on a path with `{workspaceId}` is called
 *
 * - by every kind of caller who must be refused — nobody, a member of another
 *   workspace, another workspace's API key, an API key of the same workspace
 *   without the route's scope, a member who was removed, a viewer — and must
 *   change nothing and give away nothing of the other workspace;
 * - with another workspace's id in every place an id can travel, found in the
 *   route's schemas (path, query parameters that are uuids or cursors, body
 *   fields at any depth that are uuids or named `…Id`/`…Ids`), and must answer
 *   exactly as it does for an id that exists nowhere;
 * - by the workspace's own owner, and must succeed with nothing of the other
 *   workspace anywhere in its answer (so a list that leaked rows fails).
 *
 * Routes added later are covered without new test code; a route the walk
 * cannot exercise (a parameter it has no value for, a body it cannot build, an
 * id place no request is accepted with) fails, it is never skipped. One app
 * and one pair of seeded workspaces serve the whole file: the refusals run
 * first, while nothing may change; the owner's own requests, which change
 * things, run last, reads before writes before deletions.
 */
import { randomUUID } from 'node:crypto';
import { HttpResult, httpRequest, jsonObject } from './support/http';
import { exampleRequestBody } from './support/example-request-body';
import { holdsAt, IdPlace, idPlacesOf, isIdField, withValueAt } from './support/id-places';
import { markersIn } from './support/json-markers';
import { answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson } from './support/keel-people';
import {
  addMember,
  createApiKey,
  OWNER_ONLY_PERMISSIONS,
  permissionCatalog,
  populateWorkspace,
  PopulatedWorkspace,
} from './support/keel-tenants';
import { ApiOperation, listOperations, OpenApiDocument, resolveSchema, SchemaObject } from './support/openapi-document';
import { readServedOpenApiDocument } from './support/served-openapi';
import { plantWorkspaceHistory, workspaceDrained, WorkspaceHistory } from './support/workspace-history';
import { changedTables, workspaceFingerprinter, WorkspaceFingerprint } from './support/workspace-fingerprint';

/** A populated workspace, with the history only time and failures make planted in it. */
/** `exportId`: an export of the workspace that succeeded (its archive can be downloaded). */
type WalkedWorkspace = PopulatedWorkspace & { history: WorkspaceHistory; exportId: string };

/**
 * Which of a workspace's objects an id of each name stands for, in the path,
 * the query or the body. Which fields carry ids is read from the schemas; this
 * only says which object to name. A name missing here fails every test of its
 * route, with its name.
 */
const ID_SOURCES: Readonly<Record<string, (workspace: WalkedWorkspace) => string>> = {
  workspaceId: (workspace) => workspace.id,
  userId: (workspace) => workspace.member.userId,
  actorId: (workspace) => workspace.owner.userId,
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
  invoiceId: (workspace) => workspace.history.invoiceId,
  mismatchId: (workspace) => workspace.history.mismatchId,
  releaseId: (workspace) => workspace.release.id,
  gateId: (workspace) => workspace.gate.id,
  evaluationId: (workspace) => workspace.evaluation.id,
  waiverId: (workspace) => workspace.pendingWaivers[0].id,
  // A plan feature, the same name in every workspace: what isolates it is whose usage comes back.
  feature: () => 'projects',
  documentId: (workspace) => workspace.document.id,
  ids: (workspace) => workspace.document.id,
  executionId: (workspace) => workspace.aiExecution.id,
  // GET …/ai/decisions?execution=: the decisions of one execution.
  execution: (workspace) => workspace.aiExecution.id,
  approvalId: (workspace) => workspace.pendingApprovals[0],
  // PUT and DELETE …/secrets/{name}: the secret no tool names (one a tool names cannot be deleted).
  name: (workspace) => workspace.secretNames[1],
  threadId: (workspace) => workspace.aiThread.id,
  exportId: (workspace) => workspace.exportId,
};

/** Where one route needs another object than the name's usual one (retrying wants a failed job). */
const ROUTE_ID_SOURCES: Readonly<Record<string, Readonly<Record<string, (workspace: WalkedWorkspace) => string>>>> = {
  'POST /v1/workspaces/{workspaceId}/jobs/{jobId}/retry': { jobId: (workspace) => workspace.history.failedJobId },
  // Approving decides the first pending waiver; rejecting needs one still pending.
  'POST /v1/workspaces/{workspaceId}/waivers/{waiverId}/reject': {
    waiverId: (workspace) => workspace.pendingWaivers[1].id,
  },
  // Approving decides the first held call; rejecting needs one still pending.
  'POST /v1/workspaces/{workspaceId}/ai/approvals/{approvalId}/reject': {
    approvalId: (workspace) => workspace.pendingApprovals[1],
  },
  'DELETE /v1/workspaces/{workspaceId}/ai/tools/{name}': { name: (workspace) => workspace.httpTool.name },
};

/** The built-in viewer role's permissions (docs; checked against the API below). */
const VIEWER_PERMISSIONS = [
  'documents:read',
  'gates:read',
  'members:read',
  'projects:read',
  'roles:read',
  'workflow:read',
  'workspace:read',
];

/** The order the owner's own requests run in, so that each finds what it names: reads, writes, then deletions. */
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Who makes a call: a person (with their access token) or an API key. */
type Caller = SignedInPerson | Schema<'CreatedApiKeyResponse'>;

function credentialOf(caller: Caller): string {
  return 'accessToken' in caller ? caller.accessToken : caller.key;
}

/** One request of the walk, before it is sent. */
interface WalkRequest {
  operation: ApiOperation;
  pathValues: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

function renderedPath(request: WalkRequest): string {
  const path = request.operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    encodeURIComponent(request.pathValues[name] ?? ''),
  );
  const query = new URLSearchParams(request.query);
  return query.size > 0 ? `${path}?${query.toString()}` : path;
}

/** What a response amounts to, for comparing two: status, problem code, and how many items a list held. */
function outcomeOf(result: HttpResult): string {
  let body: unknown;
  try {
    body = JSON.parse(result.text);
  } catch {
    return `${result.status}`;
  }
  if (typeof body !== 'object' || body === null) return `${result.status}`;
  const record = body as Record<string, unknown>;
  if (typeof record['code'] === 'string') return `${result.status} ${record['code']}`;
  if (Array.isArray(record['data'])) return `${result.status} with ${record['data'].length} items`;
  return `${result.status}`;
}

function excerpt(result: HttpResult): string {
  return `${result.status} ${result.text.slice(0, 400)}`;
}

/** Strings only this workspace's data holds (ids, names, addresses, keys): no answer about another may carry one. */
function markersOf(workspace: WalkedWorkspace, keys: Schema<'CreatedApiKeyResponse'>[] = []): string[] {
  return [
    workspace.id,
    workspace.name,
    workspace.slug,
    ...[workspace.owner, workspace.member].flatMap((person) => [person.userId, person.email, person.name]),
    workspace.pendingInvite.id,
    workspace.pendingInvite.email,
    workspace.customRole.id,
    workspace.customRole.key,
    workspace.customRole.name,
    ...[workspace.apiKey, ...keys].flatMap((key) => [key.id, key.name, key.prefix, key.key]),
    workspace.project.id,
    workspace.project.name,
    workspace.project.description ?? '',
    workspace.comment.id,
    workspace.comment.body,
    workspace.draftWorkflow.id,
    workspace.automationRule.id,
    workspace.automationRule.name,
    workspace.webhookEndpoint.id,
    workspace.webhookEndpoint.url,
    workspace.webhookEndpoint.secret,
    workspace.release.id,
    workspace.release.product,
    ...workspace.release.artifacts.map((artifact) => artifact.digest),
    workspace.evidence.id,
    workspace.gate.id,
    workspace.gate.key,
    workspace.evaluation.id,
    ...workspace.pendingWaivers.flatMap((waiver) => [waiver.id, waiver.reason]),
    workspace.aiExecution.id,
    ...workspace.aiPolicy.rules.map((rule) => rule.id),
    ...workspace.pendingApprovals,
    ...workspace.secretNames,
    workspace.httpTool.name,
    workspace.httpTool.version,
    workspace.aiThread.id,
    workspace.exportId,
    ...Object.values(workspace.history),
  ].filter((marker) => marker.length >= 8);
}

describe('cross-tenant isolation, route by route from the served OpenAPI document', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let document: OpenApiDocument;
  let workspaceOperations: ApiOperation[];
  let fingerprintOf: (workspaceId: string) => Promise<WorkspaceFingerprint>;
  let alpha: WalkedWorkspace;
  let bravo: WalkedWorkspace;
  let alphaViewer: SignedInPerson;
  /** Was an admin of alpha, then removed: their access token is still valid, their membership is gone. */
  let alphaRemovedMember: SignedInPerson;
  /** For each permission a route asks for: an alpha API key holding every permission a key can, but that one. */
  let alphaKeysWithout: Map<string, Schema<'CreatedApiKeyResponse'>>;
  let bravoMasterKey: Schema<'CreatedApiKeyResponse'>;
  let bravoMarkers: string[];
  /** For each list route: a cursor its bravo list handed out (or another bravo list's, when it had one page). */
  let bravoCursors: Map<string, string>;

  /** A populated workspace with its planted history, once what populating it set off has settled. */
  const walked = async (label: string): Promise<WalkedWorkspace> => {
    const workspace = await populateWorkspace(baseUrl, label);
    const history = await plantWorkspaceHistory(keel.database.dataSource, workspace);
    // An export, written by its job run while the workspace drains, so that its archive can be downloaded.
    const exported = await httpRequest(`${baseUrl}/v1/workspaces/${workspace.id}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspace.owner.accessToken}` },
    });
    if (exported.status !== 202) throw new Error(`exporting ${label}: ${exported.status} ${exported.text}`);
    const populated = { ...workspace, history, exportId: String(jsonObject(exported)['id']) };
    await workspaceDrained(keel.database.dataSource, populated.id);
    return populated;
  };

  /**
   * A route that takes only multipart/form-data (a document upload): its form
   * from the schema, each text field its example, each binary field a small
   * text file of its own (so no two uploads are the same bytes).
   */
  const multipartFormFor = (request: WalkRequest): FormData | undefined => {
    const content = request.operation.operation.requestBody?.content;
    const schema = content?.['multipart/form-data']?.schema;
    if (!schema || content?.['application/json']) return undefined;
    const form = new FormData();
    for (const [name, declared] of Object.entries(resolveSchema(document, schema).properties ?? {})) {
      const property = resolveSchema(document, declared);
      if (property.format === 'binary') form.append(name, new Blob([`walked ${randomUUID()}\n`]), `${name}.txt`);
      else if (property.example !== undefined) form.append(name, String(property.example));
    }
    return form;
  };

  const send = (request: WalkRequest, caller?: Caller): Promise<HttpResult> => {
    const headers: Record<string, string> = {};
    if (caller) headers['authorization'] = `Bearer ${credentialOf(caller)}`;
    const form = request.body ? undefined : multipartFormFor(request);
    if (request.body) headers['content-type'] = 'application/json';
    return httpRequest(`${baseUrl}${renderedPath(request)}`, {
      method: request.operation.method,
      headers,
      body: request.body ? JSON.stringify(request.body) : form,
    });
  };

  /** The id `name` stands for in `workspace`, for `operation`; throws, naming it, when the suite has no source. */
  const idFor = (operation: ApiOperation, name: string, workspace: WalkedWorkspace): string => {
    const source = ROUTE_ID_SOURCES[operation.label]?.[name] ?? ID_SOURCES[name];
    if (!source) {
      throw new Error(`${operation.label}: the suite has no value source for the id "${name}"; add it to ID_SOURCES.`);
    }
    return source(workspace);
  };

  /** An id value for a field: a list of one for an `…Ids` field. */
  const idValue = (name: string, schema: SchemaObject, id: string): unknown =>
    schema.type === 'array' || /Ids$/.test(name) ? [id] : id;

  /**
   * The request `workspace`'s owner would send with success: every path id and
   * every id-carrying query parameter naming `workspace`'s objects, required
   * query parameters from their examples, the example body (ids from
   * `workspace`, the caller's own password where one is asked for).
   */
  const requestFor = (operation: ApiOperation, workspace: WalkedWorkspace, caller?: Caller): WalkRequest => {
    const pathValues: Record<string, string> = {};
    for (const name of operation.path.match(/\{([^}]+)\}/g) ?? []) {
      const bare = name.slice(1, -1);
      pathValues[bare] = idFor(operation, bare, workspace);
    }
    const query: Record<string, string> = {};
    for (const parameter of operation.operation.parameters ?? []) {
      if (parameter.in !== 'query' || parameter.name === 'cursor') continue;
      const schema = parameter.schema ? resolveSchema(document, parameter.schema) : {};
      if (isIdField(parameter.name, schema)) query[parameter.name] = idFor(operation, parameter.name, workspace);
      else if (parameter.required) {
        if (schema.example === undefined) {
          throw new Error(`${operation.label}: the required query parameter "${parameter.name}" has no example.`);
        }
        query[parameter.name] = String(schema.example);
      }
    }
    const body = exampleRequestBody(document, operation, (property, schema) => {
      if (isIdField(property, schema)) return idValue(property, schema, idFor(operation, property, workspace));
      // A route asking for the caller's password gets the right one; a key or an anonymous caller sends the example.
      if (/password/i.test(property) && caller && 'password' in caller) return caller.password;
      return undefined;
    });
    return { operation, pathValues, query, body };
  };

  /** `request` with `value` in `place` instead of the workspace's own id. */
  const withIdIn = (request: WalkRequest, place: IdPlace, value: string): WalkRequest => {
    if (place.in === 'path') return { ...request, pathValues: { ...request.pathValues, [place.name]: value } };
    if (place.in === 'query') return { ...request, query: { ...request.query, [place.name]: value } };
    const field = resolveSchema(document, place.parent.properties?.[place.name] ?? {});
    return { ...request, body: withValueAt(request.body, place.pointer, idValue(place.name, field, value)) };
  };

  /**
   * The request with its `expectedVersion` (optimistic concurrency) set to the
   * current `version` of the object its path names, read as the caller: the
   * owner's requests run one after another on the same objects.
   */
  const withCurrentVersion = async (request: WalkRequest, caller: Caller): Promise<WalkRequest> => {
    if (request.body?.['expectedVersion'] === undefined) return request;
    const objectPath = request.operation.path.replace(/^(.*\})[^}]*$/, '$1');
    const read = await send(
      {
        operation: { ...request.operation, method: 'GET', path: objectPath },
        pathValues: request.pathValues,
        query: {},
        body: undefined,
      },
      caller,
    );
    const version = (JSON.parse(read.text) as Record<string, unknown>)['version'];
    if (read.status !== 200 || typeof version !== 'number') {
      throw new Error(`${request.operation.label}: GET ${objectPath} gave no version to expect: ${excerpt(read)}`);
    }
    return { ...request, body: { ...request.body, expectedVersion: version } };
  };

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    baseUrl = keel.keel.url;
    document = await readServedOpenApiDocument(baseUrl);
    // The platform admin routes that name a workspace are no workspace's routes: test/admin-access.e2e-spec.ts
    // walks them (an API key and a person who is no platform admin refused on each).
    workspaceOperations = listOperations(document).filter(
      (operation) => operation.path.includes('{workspaceId}') && !operation.path.startsWith('/v1/admin/'),
    );
    fingerprintOf = await workspaceFingerprinter(keel.database.dataSource);

    alpha = await walked('alpha');
    alphaViewer = await addMember(baseUrl, alpha.owner, alpha.id, {
      email: 'alpha-viewer@example.com',
      name: 'Alpha Viewer',
      role: 'viewer',
    });
    alphaRemovedMember = await addMember(baseUrl, alpha.owner, alpha.id, {
      email: 'alpha-leaver@example.com',
      name: 'Alpha Leaver',
      role: 'admin',
    });
    const removal = await httpRequest(`${baseUrl}/v1/workspaces/${alpha.id}/members/${alphaRemovedMember.userId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alpha.owner.accessToken}` },
    });
    expect(removal.status).toBe(204);

    // Every permission a key can hold: ownership transfer needs a person and their password.
    const keyPermissions = (await permissionCatalog(alpha.owner)).filter(
      (permission) => permission !== 'ownership:transfer',
    );
    alphaKeysWithout = new Map();
    const routePermissions = new Set(
      workspaceOperations.map((operation) => operation.operation['x-keel-permission']).filter((p) => p !== undefined),
    );
    for (const permission of routePermissions) {
      const scopes = keyPermissions.filter((held) => held !== permission);
      alphaKeysWithout.set(
        permission,
        await createApiKey(alpha.owner, alpha.id, `Alpha key without ${permission}`, scopes),
      );
    }

    bravo = await walked('bravo');
    bravoMasterKey = await createApiKey(bravo.owner, bravo.id, 'Bravo master key', keyPermissions);
    bravoMarkers = markersOf(bravo, [bravoMasterKey]);

    // A cursor each bravo list hands out on a page of one, where it has a second page.
    bravoCursors = new Map();
    const listOperationsWithCursor = workspaceOperations.filter(
      (operation) =>
        operation.method === 'GET' && (operation.operation.parameters ?? []).some((p) => p.name === 'cursor'),
    );
    const made: string[] = [];
    for (const operation of listOperationsWithCursor) {
      const request = requestFor(operation, bravo, bravo.owner);
      const page = await send({ ...request, query: { ...request.query, limit: '1' } }, bravo.owner);
      const cursor = (JSON.parse(page.text) as { nextCursor?: unknown }).nextCursor;
      if (typeof cursor === 'string') {
        bravoCursors.set(operation.label, cursor);
        made.push(cursor);
      }
    }
    for (const operation of listOperationsWithCursor) {
      if (!bravoCursors.has(operation.label) && made[0]) bravoCursors.set(operation.label, made[0]);
    }

    // Refusals must change nothing: first let the relay and consumers finish with what populating caused.
    for (const workspace of [alpha, bravo]) await workspaceDrained(keel.database.dataSource, workspace.id);
  }, 300_000);

  afterAll(async () => {
    await keel?.stop();
  });

  /** The requests of every route, built once; a route that cannot be built is a failure of its own test. */
  const prepared = (workspace: () => WalkedWorkspace, caller?: () => Caller) => {
    const requests = new Map<string, WalkRequest>();
    const failures: string[] = [];
    for (const operation of workspaceOperations) {
      try {
        requests.set(operation.label, requestFor(operation, workspace(), caller?.()));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { requests, failures };
  };

  /**
   * Sends `request` as `caller`, expecting a refusal `expected` accepts and
   * checking that no row of either workspace changed and that nothing of
   * bravo's came back. Returns what went wrong, and the response.
   */
  const refusal = async (
    request: WalkRequest,
    caller: Caller | undefined,
    what: string,
    expected: (status: number) => boolean,
  ): Promise<{ failures: string[]; result: HttpResult }> => {
    const before = [await fingerprintOf(alpha.id), await fingerprintOf(bravo.id)];
    const result = await send(request, caller);
    const after = [await fingerprintOf(alpha.id), await fingerprintOf(bravo.id)];
    const failures: string[] = [];
    const label = `${request.operation.label} ${what}`;
    if (result.status >= 500 || !expected(result.status)) failures.push(`${label}: answered ${excerpt(result)}`);
    if (result.status >= 400 && !result.headers.get('content-type')?.startsWith('application/problem+json')) {
      failures.push(`${label}: refused with ${result.headers.get('content-type')}, not a problem`);
    }
    const changed = [alpha, bravo].flatMap((workspace, index) =>
      changedTables(before[index], after[index]).map((table) => `${workspace.slug}.${table}`),
    );
    if (changed.length > 0) failures.push(`${label}: changed ${changed.join(', ')}`);
    const leaked = markersIn(result.text, bravoMarkers);
    if (leaked.length > 0) failures.push(`${label}: carried bravo's ${leaked.join(', ')}`);
    return { failures, result };
  };

  /** Walks every route with `call`, collecting what went wrong instead of stopping at the first. */
  const walkRoutes = async (
    operations: ApiOperation[],
    call: (operation: ApiOperation) => Promise<string[]>,
  ): Promise<string[]> => {
    const failures: string[] = [];
    for (const operation of operations) {
      try {
        failures.push(...(await call(operation)));
      } catch (error) {
        failures.push(`${operation.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  };

  it('should find the workspace routes in the served document, and build a request for each', () => {
    expect(workspaceOperations.map((operation) => operation.label)).toEqual(
      expect.arrayContaining([
        'GET /v1/workspaces/{workspaceId}',
        'PATCH /v1/workspaces/{workspaceId}/members/{userId}',
        'DELETE /v1/workspaces/{workspaceId}/api-keys/{keyId}',
        'POST /v1/workspaces/{workspaceId}/automations',
        'POST /v1/workspaces/{workspaceId}/mcp',
        'DELETE /v1/workspaces/{workspaceId}/ai/threads/{threadId}',
        'POST /v1/workspaces/{workspaceId}/billing/mismatches/{mismatchId}/resolve',
      ]),
    );
    expect(
      prepared(
        () => alpha,
        () => alpha.owner,
      ).failures,
    ).toEqual([]);
    // A cursor of bravo's for every list: the query walk below tries each.
    expect(bravoCursors.size).toBeGreaterThan(0);
  });

  it('should find ids in the path, the query and nested in bodies', () => {
    const places = workspaceOperations.flatMap((operation) =>
      idPlacesOf(document, operation).map((place) => `${operation.label} ${place.label}`),
    );
    expect(places).toEqual(
      expect.arrayContaining([
        'PATCH /v1/workspaces/{workspaceId}/projects/{projectId} path {projectId}',
        'GET /v1/workspaces/{workspaceId}/audit-events query actorId',
        'GET /v1/workspaces/{workspaceId}/projects query cursor',
        'POST /v1/workspaces/{workspaceId}/ownership-transfer body userId',
        'POST /v1/workspaces/{workspaceId}/automations body actions.0.endpointId',
        'PATCH /v1/workspaces/{workspaceId}/automations/{ruleId} body actions.0.projectId',
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

  describe('callers who must be refused', () => {
    it('should answer 401 to a caller without credentials, on every route', async () => {
      const { requests } = prepared(() => alpha);
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        return (await refusal(request, undefined, 'without credentials', (status) => status === 401)).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('should answer 404 to a member of another workspace, on every route', async () => {
      const { requests } = prepared(
        () => bravo,
        () => alpha.owner,
      );
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        return (await refusal(request, alpha.owner, "as alpha's owner in bravo", (status) => status === 404)).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it("should refuse another workspace's API key holding every permission (401 or 404), on every route", async () => {
      const { requests } = prepared(() => alpha);
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        return (
          await refusal(request, bravoMasterKey, "with bravo's key", (status) => status === 401 || status === 404)
        ).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it("should answer 403 to the workspace's own API key without the route's permission, on every route", async () => {
      const { requests } = prepared(() => alpha);
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        const permission = operation.operation['x-keel-permission'];
        if (!request) return [];
        const key = permission === undefined ? undefined : alphaKeysWithout.get(permission);
        if (!key) return [`${operation.label}: declares no permission (x-keel-permission)`];
        return (await refusal(request, key, `with a key without ${permission}`, (status) => status === 403)).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('should answer 404 to a member who was removed, on every route', async () => {
      const { requests } = prepared(
        () => alpha,
        () => alphaRemovedMember,
      );
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        return (await refusal(request, alphaRemovedMember, 'as a removed member', (status) => status === 404)).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);

    it('should answer 403 to a viewer on every route whose permission a viewer lacks', async () => {
      const { requests } = prepared(
        () => alpha,
        () => alphaViewer,
      );
      const lacking = workspaceOperations.filter((operation) => {
        const permission = operation.operation['x-keel-permission'];
        return permission === undefined || !VIEWER_PERMISSIONS.includes(permission);
      });
      const failures = await walkRoutes(lacking, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        return (await refusal(request, alphaViewer, 'as a viewer', (status) => status === 403)).failures;
      });
      expect(failures).toEqual([]);
    }, 300_000);
  });

  describe("another workspace's ids in one's own workspace", () => {
    /**
     * Alpha's owner, in alpha, with one id of bravo's where the route carries
     * one (every other id alpha's own): refused without changing anything, and
     * answered exactly as the same request naming an id that exists nowhere —
     * so an answer cannot tell that bravo's object exists. A path id must be
     * 404.
     */
    const foreignIdChecks = async (request: WalkRequest, place: IdPlace): Promise<string[]> => {
      if (place.in === 'query' && place.kind === 'cursor') {
        const cursor = bravoCursors.get(request.operation.label);
        if (!cursor) return [`${request.operation.label}: no cursor of bravo's to send`];
        const { failures } = await refusal(
          withIdIn(request, place, cursor),
          alpha.owner,
          "with bravo's cursor",
          // A cursor is read as a position in alpha's own list, or refused as not one of its cursors.
          (status) => status < 500,
        );
        return failures;
      }
      const foreignId = idFor(request.operation, place.name, bravo);
      const foreign = await refusal(
        withIdIn(request, place, foreignId),
        alpha.owner,
        `with bravo's id in ${place.label}`,
        (status) => (place.in === 'path' ? status === 404 : status < 500),
      );
      const nowhere = await refusal(
        withIdIn(request, place, randomUUID()),
        alpha.owner,
        `with an unknown id in ${place.label}`,
        (status) => (place.in === 'path' ? status === 404 : status < 500),
      );
      const failures = [...foreign.failures, ...nowhere.failures];
      if (outcomeOf(foreign.result) !== outcomeOf(nowhere.result)) {
        failures.push(
          `${request.operation.label} ${place.label}: bravo's id answered ${outcomeOf(foreign.result)}, ` +
            `an unknown id ${outcomeOf(nowhere.result)}`,
        );
      }
      return failures;
    };

    it("should answer every id of another workspace's (path, query, body) like an id that exists nowhere", async () => {
      const { requests } = prepared(
        () => alpha,
        () => alpha.owner,
      );
      const failures = await walkRoutes(workspaceOperations, async (operation) => {
        const request = requests.get(operation.label);
        if (!request) return [];
        // Body fields the example leaves out need a body built around them: walked with the owner's requests below.
        const places = idPlacesOf(document, operation).filter(
          (place) => place.in !== 'body' || holdsAt(request.body, place.pointer),
        );
        const found: string[] = [];
        for (const place of places) found.push(...(await foreignIdChecks(request, place)));
        return found;
      });
      expect(failures).toEqual([]);
    }, 300_000);
  });

  describe("the workspace's own owner", () => {
    /**
     * Bodies to try for an id field the example body leaves out, until one is
     * accepted: the example with the id added; and, for each enumerated
     * sibling (an action's `type`), each of its values, with the example's
     * other fields or with the id alone.
     */
    const bodiesWithId = (request: WalkRequest, place: Extract<IdPlace, { in: 'body' }>, id: string): WalkRequest[] => {
      const plain = withIdIn(request, place, id);
      const parentPointer = place.pointer.slice(0, -1);
      const parentIn = (body: unknown): Record<string, unknown> => {
        let value: unknown = body;
        for (const step of parentPointer) value = (value as Record<string | number, unknown>)[step];
        return value as Record<string, unknown>;
      };
      const variants = [plain];
      for (const [sibling, declared] of Object.entries(place.parent.properties ?? {})) {
        const values = resolveSchema(document, declared).enum ?? [];
        for (const value of values) {
          const withSibling = withValueAt(plain.body, [...parentPointer, sibling], value);
          variants.push({ ...request, body: withSibling });
          const alone = { [sibling]: value, [place.name]: parentIn(plain.body)[place.name] };
          variants.push({ ...request, body: withValueAt(plain.body, parentPointer, alone) });
        }
      }
      return variants;
    };

    it('should accept every request the walk sends, from the owner of the workspace, with nothing of the other in its answer', async () => {
      const ordered = [...workspaceOperations].sort(
        (left, right) => METHOD_ORDER.indexOf(left.method) - METHOD_ORDER.indexOf(right.method),
      );
      const failures = await walkRoutes(ordered, async (operation) => {
        const found: string[] = [];
        // Who owns the workspace and whether it exists: those routes get a workspace of their own.
        const ownerOnly = OWNER_ONLY_PERMISSIONS.includes(String(operation.operation['x-keel-permission']));
        const own = ownerOnly ? await walked(`ending${ordered.indexOf(operation)}`) : alpha;
        const markers = ownerOnly ? [...bravoMarkers, ...markersOf(alpha)] : bravoMarkers;
        const request = requestFor(operation, own, own.owner);

        for (const place of idPlacesOf(document, operation)) {
          if (place.in !== 'body' || holdsAt(request.body, place.pointer)) continue;
          // Built around the owner's own id until accepted; then bravo's id in the same body is answered like none.
          let accepted: WalkRequest | undefined;
          const tried: string[] = [];
          for (const variant of bodiesWithId(request, place, idFor(operation, place.name, own))) {
            const result = await send(await withCurrentVersion(variant, own.owner), own.owner);
            if (result.status < 300) {
              accepted = variant;
              break;
            }
            tried.push(excerpt(result));
          }
          if (!accepted) {
            found.push(`${operation.label}: no body with an id in ${place.label} is accepted: ${tried.join(' | ')}`);
            continue;
          }
          const bravoBefore = await fingerprintOf(bravo.id);
          const foreignId = idFor(operation, place.name, bravo);
          const foreign = await send(
            await withCurrentVersion(withIdIn(accepted, place, foreignId), own.owner),
            own.owner,
          );
          const nowhere = await send(
            await withCurrentVersion(withIdIn(accepted, place, randomUUID()), own.owner),
            own.owner,
          );
          const changed = changedTables(bravoBefore, await fingerprintOf(bravo.id));
          if (changed.length > 0)
            found.push(`${operation.label} ${place.label}: bravo's ${changed.join(', ')} changed`);
          if (foreign.status >= 500)
            found.push(`${operation.label} ${place.label}: bravo's id answered ${excerpt(foreign)}`);
          if (outcomeOf(foreign) !== outcomeOf(nowhere)) {
            found.push(
              `${operation.label} ${place.label}: bravo's id answered ${outcomeOf(foreign)}, an unknown id ${outcomeOf(nowhere)}`,
            );
          }
          // An accepted request may echo the id it was sent; anything else of bravo's is a leak.
          const leaked = markersIn(
            foreign.text,
            markers.filter((marker) => marker !== foreignId),
          );
          if (leaked.length > 0) found.push(`${operation.label} ${place.label}: carried ${leaked.join(', ')}`);
        }

        const result = await send(await withCurrentVersion(request, own.owner), own.owner);
        if (result.status >= 300) found.push(`${operation.label}: the owner's request answered ${excerpt(result)}`);
        const leaked = markersIn(result.text, markers);
        if (leaked.length > 0) found.push(`${operation.label}: the owner's answer carried ${leaked.join(', ')}`);
        return found;
      });
      expect(failures).toEqual([]);
    }, 600_000);
  });
});
