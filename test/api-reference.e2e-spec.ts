/**
 * The API reference a newcomer reads (GET /openapi.json, rendered at /docs):
 * it opens with how to start, its groups follow a user's journey and say what
 * they are for, and its `webhooks` document every type the event catalog
 * holds, compared with the catalog the running app serves (GET
 * /v1/event-types), whatever contexts have added to it.
 */
import { createTestDatabase, KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';
import { answerOf, bodyOf } from './support/keel-answers';
import { signUp } from './support/keel-people';
import { listOperations } from './support/openapi-document';
import { readServedOpenApiDocument } from './support/served-openapi';

interface ServedReference {
  openapi: string;
  info: { description?: string };
  paths: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
  webhooks?: Record<string, { post?: WebhookOperation }>;
}

interface WebhookOperation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: {
    content?: Record<string, { schema?: { required?: string[]; properties?: Record<string, unknown> } }>;
  };
}

/** The journey a newcomer takes, in order: an account, a workspace and its people, then the work and its plumbing. */
const JOURNEY = ['auth', 'me', 'workspaces', 'members', 'invites', 'roles', 'api-keys', 'projects'];

describe('the API reference', () => {
  let database: TestDatabase;
  let keel: KeelProcess;
  let reference: ServedReference;

  beforeAll(async () => {
    database = await createTestDatabase();
    keel = await startKeelProcess({ env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
    reference = (await readServedOpenApiDocument(keel.url)) as unknown as ServedReference;
  });

  afterAll(async () => {
    await keel?.stop();
    await database?.drop();
  });

  it('should open with a getting-started section: sign up, token, workspace, first call', () => {
    const introduction = reference.info.description ?? '';
    expect(introduction).toContain('## Getting started');
    const steps = [
      'POST /v1/auth/signup',
      'Authorization: Bearer',
      'POST /v1/workspaces',
      '/v1/workspaces/$WORKSPACE/projects',
    ];
    const positions = steps.map((step) => introduction.indexOf(step));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('should list its tags in the order of a user journey, auth first', () => {
    const names = (reference.tags ?? []).map((tag) => tag.name);
    expect(names.slice(0, JOURNEY.length)).toEqual(JOURNEY);
    expect(names.indexOf('health')).toBe(names.length - 1);
  });

  it('should describe every tag a route uses, and list no other', () => {
    const used = new Set(listOperations(reference).flatMap(({ operation }) => operation.tags ?? []));
    const undescribed = (reference.tags ?? []).filter((tag) => !tag.description?.trim()).map((tag) => tag.name);
    expect(undescribed).toEqual([]);
    expect((reference.tags ?? []).map((tag) => tag.name).sort()).toEqual([...used].sort());
  });

  it("should document a webhook for every type of the event catalog, its data shaped by the type's JSON Schema", async () => {
    const person = await signUp(keel.url, 'reference');
    const catalog = bodyOf(await answerOf(person.client.GET('/v1/event-types')), 200).data;
    expect(catalog.length).toBeGreaterThan(0);
    expect(reference.openapi).toBe('3.1.0');

    const webhooks = reference.webhooks ?? {};
    expect(Object.keys(webhooks).sort()).toEqual(catalog.map((type) => type.type).sort());
    for (const type of catalog) {
      const operation = webhooks[type.type]?.post;
      const body = operation?.requestBody?.content?.['application/json']?.schema;
      expect({ type: type.type, summary: operation?.summary, data: body?.properties?.['data'] }).toEqual({
        type: type.type,
        summary: type.description,
        data: type.schema,
      });
      expect(body?.properties?.['type']).toEqual({ type: 'string', const: type.type });
      expect(body?.properties?.['version']).toEqual({ type: 'integer', const: type.version });
      expect(body?.required).toEqual(expect.arrayContaining(['id', 'workspaceId', 'type', 'version', 'data']));
      const headers = (operation?.parameters ?? []).filter(
        (parameter) => parameter.in === 'header' && parameter.required,
      );
      expect(headers.map((header) => header.name)).toEqual(
        expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']),
      );
    }
  });
});
