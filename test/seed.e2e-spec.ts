import { SecretBox } from '@keel/platform-crypto';
import { KeelProcess, runKeelCommand, startKeelProcess } from '@keel/platform-testing';
import { answerOf, bodyOf } from './support/keel-answers';
import { createKeelTestDatabase, KeelTestDatabase } from './support/keel-on-test-database';
import { logIn, SignedInPerson } from './support/keel-people';

/** The sign-in details `seed` printed: each address with its role, and the one password. */
function signInDetails(output: string): { people: { email: string; role: string }[]; password: string } {
  const people = [...output.matchAll(/^ {4}(\S+@demo\.example\.com) +(\w+)$/gm)].map(([, email, role]) => ({
    email,
    role,
  }));
  const password = /^ {2}Password of all three: (.+)$/m.exec(output)?.[1] ?? '';
  return { people, password };
}

describe('seed (npm run seed: main.js seed)', () => {
  let database: KeelTestDatabase;
  const masterKey = SecretBox.generateKey();
  let seeded: { code: number | null; output: string };

  function runSeed(env: Record<string, string | undefined> = {}): Promise<{ code: number | null; output: string }> {
    return runKeelCommand({
      args: ['seed'],
      env: { DATABASE_URL: database.login.url, KEEL_MASTER_KEY: masterKey, LOG_LEVEL: 'warn', ...env },
    });
  }

  beforeAll(async () => {
    database = await createKeelTestDatabase();
    seeded = await runSeed();
  });

  afterAll(async () => {
    await database?.database.drop();
  });

  describe('then Keel started on that database', () => {
    let keel: KeelProcess;
    let owner: SignedInPerson;
    let workspaceId: string;

    beforeAll(async () => {
      keel = await startKeelProcess({ env: { DATABASE_URL: database.login.url, KEEL_MASTER_KEY: masterKey } });
    });

    afterAll(async () => {
      await keel?.stop();
    });

    it('should print sign-in details that sign each demo person in', async () => {
      // The whole output in the failure message: it says which step failed.
      expect(`exit ${seeded.code}\n${seeded.output}`).toMatch(/^exit 0\n/);
      const { people, password } = signInDetails(seeded.output);
      expect(people).toEqual([
        { email: 'ada@demo.example.com', role: 'owner' },
        { email: 'grace@demo.example.com', role: 'admin' },
        { email: 'linus@demo.example.com', role: 'member' },
      ]);
      for (const person of people) {
        expect((await logIn(keel.url, person.email, password)).email).toBe(person.email);
      }
      owner = await logIn(keel.url, people[0].email, password);
      const workspaces = bodyOf(await answerOf(owner.client.GET('/v1/workspaces')), 200).data;
      expect(workspaces.map(({ name, slug, role }) => ({ name, slug, role }))).toEqual([
        { name: 'Demo Works', slug: 'demo-works', role: 'owner' },
      ]);
      workspaceId = workspaces[0].id;
    });

    it('should make the members, with their roles and verified addresses', async () => {
      const members = bodyOf(
        await answerOf(owner.client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } })),
        200,
      ).data;
      expect(
        members.map(({ email, role }) => ({ email, role })).sort((a, b) => a.email.localeCompare(b.email)),
      ).toEqual([
        { email: 'ada@demo.example.com', role: 'owner' },
        { email: 'grace@demo.example.com', role: 'admin' },
        { email: 'linus@demo.example.com', role: 'member' },
      ]);
      expect(bodyOf(await answerOf(owner.client.GET('/v1/me')), 200).emailVerified).toBe(true);
    });

    it('should make the projects on a published workflow, the rule and the webhook endpoint', async () => {
      const path = { params: { path: { workspaceId } } };
      const projects = bodyOf(await answerOf(owner.client.GET('/v1/workspaces/{workspaceId}/projects', path)), 200);
      expect(projects.data.map(({ key, state }) => `${key} ${state}`).sort()).toEqual([
        'BILL Backlog',
        'MOB Planned',
        'WEB In progress',
      ]);
      const workflow = bodyOf(await answerOf(owner.client.GET('/v1/workspaces/{workspaceId}/workflow', path)), 200);
      expect(workflow.number).toBe(2);
      expect(workflow.states.map((state) => state.name)).toContain('In review');
      const rules = bodyOf(await answerOf(owner.client.GET('/v1/workspaces/{workspaceId}/automations', path)), 200);
      expect(rules.data.map((rule) => rule.name)).toEqual(['Welcome new projects']);
      const endpoints = bodyOf(
        await answerOf(owner.client.GET('/v1/workspaces/{workspaceId}/webhook-endpoints', path)),
        200,
      );
      expect(endpoints.data.map((endpoint) => endpoint.url)).toEqual(['https://hooks.demo.example.com/keel']);
    });

    it('should change nothing when run again, and say so', async () => {
      const again = await runSeed();
      expect(again.code).toBe(0);
      expect(again.output).toContain('The demo data is there already');
      expect(signInDetails(again.output).password).toBe('');
      const workspaces = bodyOf(await answerOf(owner.client.GET('/v1/workspaces')), 200).data;
      expect(workspaces).toHaveLength(1);
    });
  });

  it('should refuse in production, before touching the database', async () => {
    const refused = await runSeed({
      NODE_ENV: 'production',
      MAIL_TRANSPORT: 'log',
      DATABASE_URL: 'postgres://nowhere.invalid/keel',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/^seed: demo data .* has no place in production/m);
  });
});
