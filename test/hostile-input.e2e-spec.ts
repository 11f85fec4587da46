import { connect } from 'node:net';
import { HttpResult, httpRequest } from './support/http';
import { bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp, strongPassword, uniqueEmail } from './support/keel-people';
import { draftWorkflow, WorkflowDefinition } from './support/keel-projects';
import { createWorkspace, WORKFLOW_WITHOUT_PLANNED } from './support/keel-tenants';
import { parseLogLines } from './support/log-lines';
import { expectProblem } from './support/problem-details';

/** Sends `body` as it is (text, so it may hold what JSON.stringify would never write) with JSON's media type. */
function sendJsonText(url: string, method: string, body: string, accessToken?: string): Promise<HttpResult> {
  return httpRequest(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body,
  });
}

function sendJson(url: string, method: string, body: unknown, accessToken?: string): Promise<HttpResult> {
  return sendJsonText(url, method, JSON.stringify(body), accessToken);
}

/** Raw bytes over a socket, and whatever the server answers until it closes the connection (or 5 s pass). */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

/** A raw HTTP/1.1 answer as status, headers (lower-case names) and parsed body. */
function parseRawAnswer(answer: string): { status: number; headers: Headers; body: unknown } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) };
}

/** `depth` arrays nested in one another: `[[[…]]]`. */
function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('hostile and careless input, on every route', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;

  /** Where the process's output stood when the current test began. */
  let outputMark = 0;

  /** Log lines at level error, or carrying an error's stack, written since the current test began. */
  function errorLines(): Record<string, unknown>[] {
    return parseLogLines(keel.keel.output().slice(outputMark)).filter(
      (line) => line['level'] === 'error' || line['level'] === 'fatal' || 'err' in line,
    );
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'info' });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'hostile');
    workspaceId = (await createWorkspace(owner, { name: 'Hostile input', slug: `hostile-${Date.now()}` })).id;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  beforeEach(() => {
    outputMark = keel.keel.output().length;
  });

  afterEach(() => {
    // Nothing a client sends is Keel's fault: no error line, no stack, whatever the test did.
    expect(errorLines()).toEqual([]);
  });

  describe('characters PostgreSQL cannot store', () => {
    it('should refuse a NUL in a sign-up field with 422 INVALID_CHARACTERS at its JSON path', async () => {
      const result = await sendJson(`${baseUrl}/v1/auth/signup`, 'POST', {
        email: uniqueEmail('nul'),
        password: strongPassword(),
        name: 'Ada\u0000Lovelace',
      });

      const problem = expectProblem(result, { status: 422, code: 'INVALID_CHARACTERS' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'name', path: '$.name' })]);
    });

    it('should refuse a NUL in a sign-in password, deep in an array or in a key, naming each path', async () => {
      const login = await sendJson(`${baseUrl}/v1/auth/login`, 'POST', { email: owner.email, password: 'a\u0000b' });
      expect(expectProblem(login, { status: 422, code: 'INVALID_CHARACTERS' }).errors).toEqual([
        expect.objectContaining({ path: '$.password' }),
      ]);

      const nested = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/roles`,
        'POST',
        {
          key: 'nul-role',
          name: 'Nul',
          permissions: ['members:read', 'x\u0000'],
          ['bad\u0000key']: 1,
        },
        owner.accessToken,
      );
      const paths = (expectProblem(nested, { status: 422, code: 'INVALID_CHARACTERS' }).errors ?? []).map(
        (error) => error.path,
      );
      expect(paths).toEqual(expect.arrayContaining(['$.permissions[1]']));
      expect(paths).toHaveLength(2);
    });

    it('should refuse a lone UTF-16 surrogate in a string with 422 INVALID_CHARACTERS', async () => {
      const result = await sendJsonText(
        `${baseUrl}/v1/workspaces/${workspaceId}/projects`,
        'POST',
        '{"key":"SUR","name":"half \\ud800 a pair"}',
        owner.accessToken,
      );

      const problem = expectProblem(result, { status: 422, code: 'INVALID_CHARACTERS' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'name', path: '$.name' })]);
    });

    it('should refuse a NUL in a query parameter, naming the parameter', async () => {
      const result = await httpRequest(`${baseUrl}/v1/workspaces/${workspaceId}/projects?cursor=a%00b`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });

      const problem = expectProblem(result, { status: 422, code: 'INVALID_CHARACTERS' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('should refuse a NUL in a path parameter', async () => {
      const result = await httpRequest(`${baseUrl}/v1/workspaces/${workspaceId}/projects/abc%00def`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });

      expectProblem(result, { status: 422, code: 'INVALID_CHARACTERS' });
    });
  });

  describe('JSON nested too deep', () => {
    it('should refuse 2,000 levels of nesting with 400 BODY_TOO_DEEP, before any validation', async () => {
      const result = await sendJsonText(
        `${baseUrl}/v1/auth/signup`,
        'POST',
        `{"email":"deep@example.com","password":"x","name":${nestedArrays(2_000)}}`,
      );

      const problem = expectProblem(result, { status: 400, code: 'BODY_TOO_DEEP' });
      expect(problem.detail).toMatch(/64/);
    });

    it('should refuse nesting far beyond what the JSON parser itself survives, quickly and as a problem', async () => {
      const result = await sendJsonText(`${baseUrl}/v1/auth/login`, 'POST', nestedArrays(200_000));

      expectProblem(result, { status: 400, code: 'BODY_TOO_DEEP' });
    });

    it('should accept brackets inside strings, which are not nesting', async () => {
      const result = await sendJson(`${baseUrl}/v1/auth/login`, 'POST', {
        email: owner.email,
        password: '['.repeat(300) + '{'.repeat(300),
      });

      expectProblem(result, { status: 401, code: 'INVALID_CREDENTIALS' });
    });
  });

  describe('null for a field that may only be left out', () => {
    let roleId: string;
    let draftId: string;
    let ruleId: string;

    beforeAll(async () => {
      const role = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/roles`,
        'POST',
        { key: 'reader', name: 'Reader', permissions: ['members:read'] },
        owner.accessToken,
      );
      expect(role.status).toBe(201);
      roleId = String((JSON.parse(role.text) as { id: string }).id);

      const definition: WorkflowDefinition = WORKFLOW_WITHOUT_PLANNED;
      draftId = bodyOf(await draftWorkflow(owner, workspaceId, definition), 201).id;

      const rule = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/automations`,
        'POST',
        {
          name: 'Comment on review',
          trigger: { eventType: 'project.transitioned', condition: null },
          actions: [{ type: 'add_comment', body: 'Noted.' }],
        },
        owner.accessToken,
      );
      expect(rule.status).toBe(201);
      ruleId = String((JSON.parse(rule.text) as { id: string }).id);
    });

    it('should refuse {"name": null} on a workspace with 422 naming the field', async () => {
      const result = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}`,
        'PATCH',
        { name: null },
        owner.accessToken,
      );

      const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([
        { field: 'name', path: '$.name', rule: 'isNotNull', message: 'name must not be null' },
      ]);
    });

    it('should refuse {"name": null} and {"permissions": null} on a role, and leave the role as it was', async () => {
      for (const body of [{ name: null }, { permissions: null }]) {
        const result = await sendJson(
          `${baseUrl}/v1/workspaces/${workspaceId}/roles/${roleId}`,
          'PATCH',
          body,
          owner.accessToken,
        );
        const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
        expect(problem.errors).toEqual([expect.objectContaining({ field: Object.keys(body)[0], rule: 'isNotNull' })]);
      }

      const roles = await httpRequest(`${baseUrl}/v1/workspaces/${workspaceId}/roles`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });
      const reader = (JSON.parse(roles.text) as { data: { id: string; permissions: string[] }[] }).data.find(
        (role) => role.id === roleId,
      );
      expect(reader?.permissions).toEqual(['members:read']);
    });

    it('should refuse {"stateMapping": null} on publish with 422', async () => {
      const result = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/workflow/versions/${draftId}/publish`,
        'POST',
        { stateMapping: null },
        owner.accessToken,
      );

      const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'stateMapping', rule: 'isNotNull' })]);
    });

    it('should refuse a null body on an automation test with 422, not 500', async () => {
      const result = await sendJsonText(
        `${baseUrl}/v1/workspaces/${workspaceId}/automations/${ruleId}/test`,
        'POST',
        'null',
        owner.accessToken,
      );

      expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should still accept null where the schema says nullable (a rule condition)', async () => {
      const result = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/automations/${ruleId}`,
        'PATCH',
        { trigger: { eventType: 'project.transitioned', condition: null } },
        owner.accessToken,
      );

      expect(result.status).toBe(200);
    });
  });

  describe('field errors', () => {
    it('should say "is required", once, for each missing field, and count fields in detail', async () => {
      const result = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/roles`,
        'POST',
        { key: 'only-key' },
        owner.accessToken,
      );

      const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([
        { field: 'name', path: '$.name', rule: 'isDefined', message: 'name is required' },
        { field: 'permissions', path: '$.permissions', rule: 'isDefined', message: 'permissions is required' },
      ]);
      expect(problem.detail).toBe('2 fields failed validation: name, permissions.');
    });

    it('should give one message per field, the type before the length', async () => {
      const result = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/roles`,
        'POST',
        { key: 'typed', name: 42, permissions: [] },
        owner.accessToken,
      );

      const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'isString' })]);
      expect(problem.detail).toBe('1 field failed validation: name.');
    });
  });

  describe('bodies that are not JSON, and secrets in them', () => {
    const password = `never-echo-${Date.now()} hunter2 passphrase`;

    it('should answer a form body (what curl -d sends) with 415 UNSUPPORTED_MEDIA_TYPE, repeating nothing of it', async () => {
      const result = await httpRequest(`${baseUrl}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ email: uniqueEmail('form'), password, name: 'Form' }),
      });

      const problem = expectProblem(result, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(problem.detail).toContain('application/json');
      expect(result.text).not.toContain(password);
    });

    it('should answer text/plain and other media types with 415 too', async () => {
      for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        const result = await httpRequest(`${baseUrl}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: `password=${password}`,
        });
        expectProblem(result, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
        expect(result.text).not.toContain(password);
      }
    });

    it('should never repeat a submitted password in any answer or log line, whatever was wrong with the request', async () => {
      const answers = await Promise.all([
        sendJson(`${baseUrl}/v1/auth/signup`, 'POST', { email: 'not-an-email', password, name: '' }),
        sendJson(`${baseUrl}/v1/auth/signup`, 'POST', { email: uniqueEmail('x'), passwrd: password, name: 'Typo' }),
        sendJson(`${baseUrl}/v1/auth/login`, 'POST', { email: owner.email, password: `${password}\u0000` }),
        sendJsonText(`${baseUrl}/v1/auth/login`, 'POST', `{"email":"a@example.com","password":"${password}"`),
        sendJson(`${baseUrl}/v1/auth/password/change`, 'POST', { currentPassword: password, newPassword: 1 }),
      ]);

      for (const answer of answers) {
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.text).not.toContain(password);
      }
      expect(keel.keel.output()).not.toContain(password);
    });
  });

  describe('methods', () => {
    it('should answer PUT on a route without PUT with 405 METHOD_NOT_ALLOWED and Allow', async () => {
      const result = await httpRequest(`${baseUrl}/v1/workspaces`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
        body: '{}',
      });

      expectProblem(result, { status: 405, code: 'METHOD_NOT_ALLOWED' });
      expect(result.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST']);
    });

    it('should still answer 404 for a path no method has', async () => {
      const result = await httpRequest(`${baseUrl}/v1/no-such-route`, { method: 'PUT' });

      expectProblem(result, { status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('answers Node and Fastify give before Keel sees the request', () => {
    it('should answer a 100,000-character query string with 431 as a problem with a request id', async () => {
      const answer = parseRawAnswer(
        await rawExchange(baseUrl, `GET /v1/workspaces?cursor=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: keel\r\n\r\n`),
      );

      expect(answer.status).toBe(431);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', requestId: expect.any(String) });
      expect(answer.headers.get('x-request-id')).toBe((answer.body as { requestId: string }).requestId);
    });

    it('should answer both Content-Length and Transfer-Encoding with 400 as a problem', async () => {
      const answer = parseRawAnswer(
        await rawExchange(
          baseUrl,
          'POST /v1/auth/login HTTP/1.1\r\nHost: keel\r\nContent-Type: application/json\r\n' +
            'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        ),
      );

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 400, code: 'BAD_REQUEST', requestId: expect.any(String) });
    });

    it('should answer a path id longer than any route accepts with 414 URI_TOO_LONG as a problem', async () => {
      const result = await httpRequest(`${baseUrl}/v1/workspaces/${'a'.repeat(2_000)}`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });

      expectProblem(result, { status: 414, code: 'URI_TOO_LONG' });
    });
  });

  describe('answers that carry a secret', () => {
    function expectNotStored(result: HttpResult): void {
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.headers.get('pragma')).toBe('no-cache');
    }

    it('should tell caches not to store sign-up, sign-in and refresh answers', async () => {
      const password = strongPassword();
      const email = uniqueEmail('nostore');
      const signup = await sendJson(`${baseUrl}/v1/auth/signup`, 'POST', { email, password, name: 'No store' });
      expect(signup.status).toBe(201);
      expectNotStored(signup);

      const login = await sendJson(`${baseUrl}/v1/auth/login`, 'POST', { email, password });
      expect(login.status).toBe(200);
      expectNotStored(login);

      const { refreshToken } = JSON.parse(login.text) as { refreshToken: string };
      const refreshed = await sendJson(`${baseUrl}/v1/auth/refresh`, 'POST', { refreshToken });
      expect(refreshed.status).toBe(200);
      expectNotStored(refreshed);
    });

    it('should tell caches not to store a new API key, webhook endpoint, rotated endpoint secret or invite', async () => {
      const apiKey = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/api-keys`,
        'POST',
        { name: 'CI', scopes: ['projects:read'] },
        owner.accessToken,
      );
      expect(apiKey.status).toBe(201);
      expectNotStored(apiKey);

      const endpoint = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/webhook-endpoints`,
        'POST',
        { url: 'https://hooks.example.com/keel', eventTypes: ['project.created'] },
        owner.accessToken,
      );
      expect(endpoint.status).toBe(201);
      expectNotStored(endpoint);

      const rotated = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/webhook-endpoints/${String(JSON.parse(endpoint.text).id)}/rotate-secret`,
        'POST',
        {},
        owner.accessToken,
      );
      expect(rotated.status).toBe(200);
      expectNotStored(rotated);

      const invite = await sendJson(
        `${baseUrl}/v1/workspaces/${workspaceId}/invites`,
        'POST',
        { email: uniqueEmail('invitee'), role: 'member' },
        owner.accessToken,
      );
      expect(invite.status).toBe(201);
      expectNotStored(invite);
    });

    it('should leave answers without a secret cacheable as before', async () => {
      const result = await httpRequest(`${baseUrl}/v1/permissions`, {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });

      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).not.toBe('no-store');
    });
  });
});
