/**
 * Keel as production runs it: a login that owns its database but is no
 * superuser and holds no BYPASSRLS (docs/operations.md, "Your own server").
 * The event backbone must work under it: the relay (as keel_owner) and
 * tenant transactions (as keel_app) send pg-boss jobs, consumers claim
 * deliveries, rules fire and their actions take effect.
 */
import { SecretBox } from '@keel/platform-crypto';
import {
  createApplicationLogin,
  createTestDatabase,
  KeelProcess,
  startKeelProcess,
  TestDatabase,
} from '@keel/platform-testing';
import { jsonObject, postJson } from './support/http';
import { signUp, SignedInPerson } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

describe('Keel on a production-like login', () => {
  let database: TestDatabase;
  let keel: KeelProcess;
  let owner: SignedInPerson;

  beforeAll(async () => {
    database = await createTestDatabase();
    // What an administrator does once per server, then once per database (docs/operations.md).
    await database.dataSource.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keel_owner') THEN CREATE ROLE keel_owner NOLOGIN NOBYPASSRLS; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keel_app') THEN CREATE ROLE keel_app NOLOGIN NOBYPASSRLS; END IF;
      END $$;`);
    const login = await createApplicationLogin(database);
    await database.dataSource.query(`ALTER DATABASE "${database.name}" OWNER TO ${login.user}`);
    keel = await startKeelProcess({
      env: { DATABASE_URL: login.url, KEEL_MASTER_KEY: SecretBox.generateKey(), LOG_LEVEL: 'warn' },
    });
    owner = await signUp(keel.url, 'login-owner');
  });

  afterAll(async () => {
    await keel?.stop('SIGTERM');
    await database?.drop();
  });

  it('should relay events, delivers them to every consumer, and runs the rules they fire', async () => {
    const workspace = await createWorkspace(owner, { name: 'Login Works' });
    const auth = { authorization: `Bearer ${owner.accessToken}` };
    const rule = await postJson(
      `${keel.url}/v1/workspaces/${workspace.id}/automations`,
      {
        name: 'Greeter',
        trigger: { eventType: 'project.created' },
        actions: [{ type: 'add_comment', body: 'Hello.' }],
      },
      auth,
    );
    expect(rule.status).toBe(201);

    const project = await postJson(
      `${keel.url}/v1/workspaces/${workspace.id}/projects`,
      { key: 'LOGIN', name: 'Login' },
      auth,
    );
    expect(project.status).toBe(201);

    const comments = await pollUntil(
      'the comment the rule adds',
      () =>
        database.dataSource.query(
          `SELECT author_type, body FROM comments WHERE workspace_id = $1 AND project_id = $2`,
          [workspace.id, String(jsonObject(project)['id'])],
        ),
      (rows: unknown[]) => rows.length === 1,
    );
    expect(comments).toEqual([{ author_type: 'automation', body: 'Hello.' }]);
    const deliveries = await database.dataSource.query(
      `SELECT consumer, status FROM event_deliveries d JOIN outbox o ON o.workspace_id = d.workspace_id AND o.id = d.event_id
        WHERE o.workspace_id = $1 AND o.type = 'project.created' ORDER BY consumer`,
      [workspace.id],
    );
    expect(deliveries).toEqual([
      { consumer: 'automation.rules', status: 'delivered' },
      { consumer: 'webhooks', status: 'delivered' },
    ]);
  });
});
