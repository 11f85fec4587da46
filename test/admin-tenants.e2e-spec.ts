/**
 * Platform admins across tenants: the workspaces of the platform (search,
 * detail, suspend, restore, deletion after the grace period) and its
 * accounts (search, detail, disable, enable, sign-out everywhere), through
 * the built API on PostgreSQL as the production login. A suspended
 * workspace is refused on every workspace route of the document (a
 * spec-walking test), and a deleted one leaves zero rows in any table.
 */
import { randomUUID } from 'node:crypto';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { httpRequest, HttpResult, jsonObject, postJson } from './support/http';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { populateWorkspace, PopulatedWorkspace } from './support/keel-tenants';
import { listOperations, pathPlaceholders, readOpenApiDocument } from './support/openapi-document';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';

interface AdminWorkspace {
  id: string;
  name: string;
  slug: string;
  status: string;
  plan: string | null;
  counts: { members: number; projects: number; documents: number; storedBytes: number };
  createdAt: string;
  lastActiveAt: string | null;
  suspendedAt?: string | null;
  deletionDueAt?: string | null;
  holdReason?: string | null;
  owners?: { userId: string; email: string }[];
}

interface AdminUser {
  id: string;
  email: string;
  disabledAt: string | null;
  platformAdmin: boolean;
  workspaces: number;
  lastSignInAt: string | null;
  memberships?: { workspaceId: string; role: string }[];
  sessions?: { id: string }[];
}

const workspaceOperations = listOperations(readOpenApiDocument()).filter((operation) =>
  operation.path.startsWith('/v1/workspaces/{workspaceId}'),
);

describe('platform admins across tenants', () => {
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let held: PopulatedWorkspace;
  let bystander: PopulatedWorkspace;

  const url = (path: string) => `${keel.keel.url}${path}`;
  const asAdmin = (path: string, method = 'GET', body?: unknown) =>
    bearerRequest(url(path), admin.accessToken, method, body);
  const rows = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(sql, parameters);

  async function ok<T>(result: Promise<HttpResult>, status = 200): Promise<T> {
    const answer = await result;
    expect([answer.status, answer.text]).toEqual([status, expect.any(String)]);
    return jsonObject(answer) as T;
  }

  function lastAudit(action: string) {
    return rows<{ actor_id: string; target_id: string; reason: string | null; data: { status: number } }>(
      `SELECT actor_id, target_id, reason, data FROM platform_audit_events WHERE action = $1 ORDER BY id DESC LIMIT 1`,
      [action],
    ).then(([row]) => row);
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    admin = await signUp(keel.keel.url, 'tenants-admin');
    // The grant command itself is covered by admin-access.e2e-spec.ts.
    await rows(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [admin.userId]);
    held = await populateWorkspace(keel.keel.url, 'holdco');
    bystander = await populateWorkspace(keel.keel.url, 'bystander');
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
  });

  describe('workspaces', () => {
    it('should find a workspace by part of its name, with its counts, plan, status and times', async () => {
      const page = await ok<{ data: AdminWorkspace[]; nextCursor: string | null }>(
        asAdmin('/v1/admin/workspaces?q=HOLDCO'),
      );
      expect(page).toEqual({
        data: [
          {
            id: held.id,
            name: 'Holdco Works',
            slug: 'holdco-works',
            status: 'active',
            plan: 'unlimited',
            counts: { members: 2, projects: 1, documents: 1, storedBytes: held.document.sizeBytes },
            createdAt: expect.any(String),
            lastActiveAt: expect.any(String),
          },
        ],
        nextCursor: null,
      });
      const byId = await ok<{ data: AdminWorkspace[] }>(asAdmin(`/v1/admin/workspaces?q=${bystander.id}`));
      expect(byId.data.map((workspace) => workspace.slug)).toEqual(['bystander-works']);
    });

    it('should page every workspace newest first, and filter by status and plan', async () => {
      const first = await ok<{ data: AdminWorkspace[]; nextCursor: string }>(asAdmin('/v1/admin/workspaces?limit=1'));
      expect(first.data.map((workspace) => workspace.id)).toEqual([bystander.id]);
      const second = await ok<{ data: AdminWorkspace[] }>(
        asAdmin(`/v1/admin/workspaces?limit=1&cursor=${first.nextCursor}`),
      );
      expect(second.data.map((workspace) => workspace.id)).toEqual([held.id]);
      expect((await ok<{ data: unknown[] }>(asAdmin('/v1/admin/workspaces?status=suspended'))).data).toEqual([]);
      expect((await ok<{ data: unknown[] }>(asAdmin('/v1/admin/workspaces?status=active'))).data).toHaveLength(2);
      // The test kit's billing catalog has one plan, every workspace's.
      expect((await ok<{ data: unknown[] }>(asAdmin('/v1/admin/workspaces?plan=team'))).data).toEqual([]);
      expect((await ok<{ data: unknown[] }>(asAdmin('/v1/admin/workspaces?plan=unlimited'))).data).toHaveLength(2);
      expectProblem(await asAdmin('/v1/admin/workspaces?status=sleeping'), { status: 422, code: 'VALIDATION_FAILED' });
    });

    it('should show one workspace with its owners, and 404 for one that does not exist', async () => {
      const detail = await ok<AdminWorkspace>(asAdmin(`/v1/admin/workspaces/${held.id}`));
      expect(detail).toEqual(
        expect.objectContaining({
          id: held.id,
          status: 'active',
          suspendedAt: null,
          deletionDueAt: null,
          holdReason: null,
          owners: [{ userId: held.owner.userId, email: held.owner.email, name: held.owner.name }],
        }),
      );
      expectProblem(await asAdmin(`/v1/admin/workspaces/${randomUUID()}`), {
        status: 404,
        code: 'WORKSPACE_NOT_FOUND',
      });
      expectProblem(await asAdmin('/v1/admin/workspaces/not-an-id'), { status: 404, code: 'NOT_FOUND' });
    });

    it('should refuse a suspension without a reason', async () => {
      expectProblem(await asAdmin(`/v1/admin/workspaces/${held.id}/suspend`, 'POST', {}), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      expect((await ok<AdminWorkspace>(asAdmin(`/v1/admin/workspaces/${held.id}`))).status).toBe('active');
    });

    describe('once suspended', () => {
      beforeAll(async () => {
        const suspended = await ok<AdminWorkspace>(
          asAdmin(`/v1/admin/workspaces/${held.id}/suspend`, 'POST', { reason: 'Abuse report #4411' }),
        );
        expect(suspended).toEqual(
          expect.objectContaining({
            status: 'suspended',
            holdReason: 'Abuse report #4411',
            suspendedAt: expect.any(String),
          }),
        );
      });

      it('should refuse its members and its API key with 423, reads included, and others as before', async () => {
        const projects = `/v1/workspaces/${held.id}/projects`;
        expectProblem(await bearerRequest(url(projects), held.member.accessToken), {
          status: 423,
          code: 'WORKSPACE_SUSPENDED',
        });
        expectProblem(await bearerRequest(url(`/v1/workspaces/${held.id}/members`), held.apiKey.key), {
          status: 423,
          code: 'WORKSPACE_SUSPENDED',
        });
        // Someone who is no member still cannot tell the workspace exists.
        expectProblem(await bearerRequest(url(projects), bystander.owner.accessToken), {
          status: 404,
          code: 'WORKSPACE_NOT_FOUND',
        });
        expect(
          (await bearerRequest(url(`/v1/workspaces/${bystander.id}/projects`), bystander.owner.accessToken)).status,
        ).toBe(200);
      });

      it.each(workspaceOperations.map((operation) => [operation.label, operation] as const))(
        'should refuse the owner on %s with 423 WORKSPACE_SUSPENDED',
        async (_label, operation) => {
          const path = pathPlaceholders(operation.path).reduce(
            (built, name) => built.replace(`{${name}}`, name === 'workspaceId' ? held.id : randomUUID()),
            operation.path,
          );
          expectProblem(await bearerRequest(url(path), held.owner.accessToken, operation.method.toUpperCase()), {
            status: 423,
            code: 'WORKSPACE_SUSPENDED',
          });
        },
      );

      it('should publish workspace.suspended and audit the suspension with its reason', async () => {
        const events = await rows<{ data: { reason: string; workspace: { id: string } } }>(
          `SELECT data FROM outbox WHERE workspace_id = $1 AND type = 'workspace.suspended'`,
          [held.id],
        );
        expect(events.map((event) => event.data)).toEqual([
          { workspace: { id: held.id, name: 'Holdco Works', slug: 'holdco-works' }, reason: 'Abuse report #4411' },
        ]);
        expect(await lastAudit('workspaces.suspend')).toEqual({
          actor_id: admin.userId,
          target_id: held.id,
          reason: 'Abuse report #4411',
          data: { status: 200 },
        });
        const listed = await ok<{ data: AdminWorkspace[] }>(asAdmin('/v1/admin/workspaces?status=suspended'));
        expect(listed.data.map((workspace) => workspace.id)).toEqual([held.id]);
      });

      it('should answer the members again once restored, with workspace.restored published', async () => {
        const restored = await ok<AdminWorkspace>(
          asAdmin(`/v1/admin/workspaces/${held.id}/restore`, 'POST', { reason: 'Leaked key revoked' }),
        );
        expect(restored).toEqual(expect.objectContaining({ status: 'active', suspendedAt: null, holdReason: null }));
        expect((await bearerRequest(url(`/v1/workspaces/${held.id}/projects`), held.member.accessToken)).status).toBe(
          200,
        );
        expect((await bearerRequest(url(`/v1/workspaces/${held.id}/members`), held.apiKey.key)).status).toBe(200);
        const [event] = await rows<{ data: unknown }>(
          `SELECT data FROM outbox WHERE workspace_id = $1 AND type = 'workspace.restored'`,
          [held.id],
        );
        expect(event.data).toEqual(expect.objectContaining({ reason: 'Leaked key revoked' }));
      });
    });

    it('should schedule a deletion after the grace period, refused meanwhile, and restorable', async () => {
      expectProblem(await asAdmin(`/v1/admin/workspaces/${held.id}`, 'DELETE', {}), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      const before = Date.now();
      const scheduled = await ok<AdminWorkspace>(
        asAdmin(`/v1/admin/workspaces/${held.id}`, 'DELETE', { reason: 'Customer asked to close the account' }),
        202,
      );
      expect(scheduled.status).toBe('pending_deletion');
      const dueInDays = (Date.parse(scheduled.deletionDueAt ?? '') - before) / 86_400_000;
      expect(Math.round(dueInDays)).toBe(30);
      expectProblem(await bearerRequest(url(`/v1/workspaces/${held.id}/projects`), held.owner.accessToken), {
        status: 423,
        code: 'WORKSPACE_SUSPENDED',
      });
      const restored = await ok<AdminWorkspace>(asAdmin(`/v1/admin/workspaces/${held.id}/restore`, 'POST', {}));
      expect(restored).toEqual(expect.objectContaining({ status: 'active', deletionDueAt: null }));
      expect((await bearerRequest(url(`/v1/workspaces/${held.id}/projects`), held.owner.accessToken)).status).toBe(200);
    });

    describe('when the grace period is over', () => {
      let graceless: KeelProcess;
      let doomed: PopulatedWorkspace;

      beforeAll(async () => {
        doomed = await populateWorkspace(keel.keel.url, 'doomed');
        // A second Keel on the same database whose grace period is zero: the deletion falls due at once.
        graceless = await startKeelProcess({
          env: { DATABASE_URL: keel.login.url, WORKSPACE_DELETE_GRACE_DAYS: '0', LOG_LEVEL: 'warn' },
        });
        const answer = await bearerRequest(
          `${graceless.url}/v1/admin/workspaces/${doomed.id}`,
          admin.accessToken,
          'DELETE',
          { reason: 'Closed by the customer' },
        );
        expect(answer.status).toBe(202);
        await pollUntil(
          'the deleted workspace removed',
          async () => (await asAdmin(`/v1/admin/workspaces/${doomed.id}`)).status,
          (status) => status === 404,
          { timeoutMs: 60_000 },
        );
        // The rows go in one transaction (hence the 404); the audit entry that counts them follows it.
        await pollUntil(
          'the removal audited',
          () =>
            rows(`SELECT 1 FROM platform_audit_events WHERE action = 'workspace.deleted' AND target_id = $1`, [
              doomed.id,
            ]),
          (entries) => entries.length === 1,
        );
      }, 120_000);

      afterAll(async () => {
        await graceless?.stop('SIGTERM');
      });

      it('should leave zero rows of the workspace in any table', async () => {
        const tables = await rows<{ table_name: string }>(
          `SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = 'workspace_id'`,
        );
        expect(tables.length).toBeGreaterThan(20);
        const left: Record<string, number> = {};
        for (const { table_name: table } of tables) {
          const [{ count }] = await rows<{ count: string }>(
            `SELECT count(*) AS count FROM "${table}" WHERE workspace_id = $1`,
            [doomed.id],
          );
          if (Number(count) > 0) left[table] = Number(count);
        }
        expect(left).toEqual({});
        expect(await rows('SELECT id FROM workspaces WHERE id = $1', [doomed.id])).toEqual([]);
      });

      it('should record the removal with the rows it deleted, and keep every other workspace', async () => {
        const [entry] = await rows<{
          actor_type: string;
          data: { deletedRows: Record<string, number>; remainingRows: number };
        }>(`SELECT actor_type, data FROM platform_audit_events WHERE action = 'workspace.deleted' AND target_id = $1`, [
          doomed.id,
        ]);
        expect(entry.actor_type).toBe('job');
        expect(entry.data.remainingRows).toBe(0);
        expect(entry.data.deletedRows).toEqual(
          expect.objectContaining({
            memberships: 2,
            projects: 1,
            api_keys: 1,
            subscriptions: 1,
            audit_events: expect.any(Number),
          }),
        );
        expect(
          (await bearerRequest(url(`/v1/workspaces/${bystander.id}/projects`), bystander.owner.accessToken)).status,
        ).toBe(200);
        // The people of the deleted workspace keep their accounts.
        expect((await ok<AdminUser>(asAdmin(`/v1/admin/users/${doomed.owner.userId}`))).workspaces).toBe(0);
      });
    });
  });

  describe('users', () => {
    let person: SignedInPerson;

    beforeAll(async () => {
      person = await signUp(keel.keel.url, 'disable-me');
    });

    const login = (password: string) => postJson(url('/v1/auth/login'), { email: person.email, password });

    it('should find an account by part of its address, and show its memberships and sessions', async () => {
      const page = await ok<{ data: AdminUser[] }>(
        asAdmin(`/v1/admin/users?q=${encodeURIComponent(held.owner.email.toUpperCase())}`),
      );
      expect(page.data).toEqual([
        expect.objectContaining({
          id: held.owner.userId,
          email: held.owner.email,
          platformAdmin: false,
          disabledAt: null,
          workspaces: 1,
          lastSignInAt: expect.any(String),
        }),
      ]);
      const detail = await ok<AdminUser>(asAdmin(`/v1/admin/users/${held.owner.userId}`));
      expect(detail.memberships).toEqual([expect.objectContaining({ workspaceId: held.id, role: 'owner' })]);
      expect(detail.sessions?.map((session) => session.id)).toContain(held.owner.sessionId);
      expect((await ok<AdminUser>(asAdmin(`/v1/admin/users/${admin.userId}`))).platformAdmin).toBe(true);
      expectProblem(await asAdmin(`/v1/admin/users/${randomUUID()}`), { status: 404, code: 'NOT_FOUND' });
    });

    it('should disable an account: its sessions end at once and sign-in answers 403 ACCOUNT_DISABLED', async () => {
      const disabled = await ok<AdminUser>(asAdmin(`/v1/admin/users/${person.userId}/disable`, 'POST'));
      expect(disabled).toEqual(expect.objectContaining({ disabledAt: expect.any(String), sessions: [] }));
      expectProblem(await bearerRequest(url('/v1/me'), person.accessToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await login(person.password), { status: 403, code: 'ACCOUNT_DISABLED' });
      // A wrong password learns nothing about the account.
      expectProblem(await login(`${person.password}!`), { status: 401, code: 'INVALID_CREDENTIALS' });
      expectProblem(await postJson(url('/v1/auth/refresh'), { refreshToken: person.refreshToken }), {
        status: 401,
        code: 'INVALID_TOKEN',
      });
    });

    it('should let an enabled account sign in again, and show it what the admin did', async () => {
      await ok(asAdmin(`/v1/admin/users/${person.userId}/enable`, 'POST'));
      const signedIn = await login(person.password);
      expect(signedIn.status).toBe(200);
      const token = String(jsonObject(signedIn)['accessToken']);
      const trail = await ok<{ data: { action: string; actor: { id: string } | null }[] }>(
        bearerRequest(url('/v1/me/audit-events'), token),
      );
      expect(trail.data.map((event) => event.action)).toEqual(
        expect.arrayContaining(['account.disabled', 'account.enabled']),
      );
      expect(trail.data.find((event) => event.action === 'account.disabled')?.actor).toEqual(
        expect.objectContaining({ id: admin.userId }),
      );
    });

    it('should sign an account out everywhere', async () => {
      const first = jsonObject(await login(person.password));
      const second = jsonObject(await login(person.password));
      const answer = await ok<{ revokedSessions: number }>(
        asAdmin(`/v1/admin/users/${person.userId}/sign-out`, 'POST'),
      );
      expect(answer.revokedSessions).toBeGreaterThanOrEqual(2);
      for (const pair of [first, second]) {
        expectProblem(await bearerRequest(url('/v1/me'), String(pair['accessToken'])), {
          status: 401,
          code: 'INVALID_TOKEN',
        });
      }
      expect((await ok<AdminUser>(asAdmin(`/v1/admin/users/${person.userId}`))).sessions).toEqual([]);
      expect(await lastAudit('users.sign_out')).toEqual(
        expect.objectContaining({ actor_id: admin.userId, target_id: person.userId, data: { status: 200 } }),
      );
    });

    it('should refuse another person the admin routes', async () => {
      expectProblem(await bearerRequest(url('/v1/admin/users'), held.owner.accessToken), {
        status: 403,
        code: 'PLATFORM_ADMIN_REQUIRED',
      });
      expect((await httpRequest(url('/v1/admin/workspaces'))).status).toBe(401);
    });
  });
});
