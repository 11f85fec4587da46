/**
 * The API and the worker as separate built processes on one database: the
 * API (role api) commits changes and their events, the worker relays and
 * consumes them, and over HTTP the worker answers only /health and /metrics
 * (it registers no controller of any context).
 */
import { SecretBox } from '@keel/platform-crypto';
import { KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';
import { httpRequest, jsonObject, postJson } from './support/http';
import { signUp, SignedInPerson } from './support/keel-people';
import { createKeelTestDatabase } from './support/keel-on-test-database';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

describe('the worker process', () => {
  let database: TestDatabase;
  let api: KeelProcess;
  let worker: KeelProcess;
  let owner: SignedInPerson;

  beforeAll(async () => {
    const created = await createKeelTestDatabase();
    database = created.database;
    const env = { DATABASE_URL: created.login.url, KEEL_MASTER_KEY: SecretBox.generateKey(), LOG_LEVEL: 'warn' };
    api = await startKeelProcess({ env: { ...env, KEEL_ROLE: 'api' } });
    worker = await startKeelProcess({ entry: 'dist/apps/worker/main.js', env });
    owner = await signUp(api.url, 'worker-owner');
  });

  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await api?.stop('SIGTERM');
    await database?.drop();
  });

  it('should answer /health and /metrics, and 404 with a problem to anything else', async () => {
    expect((await httpRequest(`${worker.url}/health/ready`)).status).toBe(200);
    expect((await httpRequest(`${worker.url}/metrics`)).status).toBe(200);

    const me = await httpRequest(`${worker.url}/v1/me`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-request-id': 'worker-e2e-404' },
    });

    expect(me.status).toBe(404);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.headers.get('x-request-id')).toBe('worker-e2e-404');
    expect(me.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(jsonObject(me)).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: 'worker-e2e-404' });

    // It serves no API, so it documents none either.
    const document = await httpRequest(`${worker.url}/openapi.json`);
    expect(document.status).toBe(404);
    expect(jsonObject(document)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('should relay and consumes the events the API process commits', async () => {
    const workspace = await createWorkspace(owner, { name: 'Split Works' });
    const created = await postJson(
      `${api.url}/v1/workspaces/${workspace.id}/projects`,
      { key: 'SPLIT', name: 'Split project' },
      { authorization: `Bearer ${owner.accessToken}` },
    );
    expect(created.status).toBe(201);

    const deliveries = await pollUntil(
      'the event delivered to every consumer',
      () =>
        database.dataSource.query(
          `SELECT d.consumer, d.status, o.relayed_at IS NOT NULL AS relayed
             FROM outbox o JOIN event_deliveries d ON d.workspace_id = o.workspace_id AND d.event_id = o.id
            WHERE o.workspace_id = $1 AND o.type = 'project.created' ORDER BY d.consumer`,
          [workspace.id],
        ),
      (rows: unknown[]) => rows.length === 2,
    );
    expect(deliveries).toEqual([
      { consumer: 'automation.rules', status: 'delivered', relayed: true },
      { consumer: 'webhooks', status: 'delivered', relayed: true },
    ]);
  });
});
