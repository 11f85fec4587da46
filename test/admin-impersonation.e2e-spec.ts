/**
 * Audited impersonation: a platform admin acts as a user with a reason, for
 * at most an hour, through an access token whose `act` claim names the
 * admin. Each limit is refused (another platform admin, no reason, too long,
 * the admin routes, the user's password, email, second factor, sessions),
 * every request made with the token lands in the platform log and in the
 * workspace's or account's trail with both identities, the user sees it in
 * their own trail, and ending it stops the token at once. Through the built
 * API on PostgreSQL as the production login.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { HttpResult, jsonObject } from './support/http';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { logIn, SignedInPerson, signUp } from './support/keel-people';
import { populateWorkspace, PopulatedWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';

interface Started {
  id: string;
  userId: string;
  adminUserId: string;
  reason: string;
  startedAt: string;
  expiresAt: string;
  endedAt: string | null;
  accessToken: string;
  tokenType: string;
  expiresIn: number;
}

interface TrailEntry {
  action: string;
  actor: { type: string; id: string } | null;
  target: { type: string; id: string } | null;
  data: Record<string, unknown>;
}

describe('audited impersonation', () => {
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let otherAdmin: SignedInPerson;
  let tenant: PopulatedWorkspace;
  let user: SignedInPerson;
  const reason = 'Support ticket #8812: the customer cannot see their board';

  const url = (path: string) => `${keel.keel.url}${path}`;
  const as = (token: string, path: string, method = 'GET', body?: unknown) =>
    bearerRequest(url(path), token, method, body);
  const rows = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(sql, parameters);

  async function ok<T>(result: Promise<HttpResult>, status = 200): Promise<T> {
    const answer = await result;
    expect([answer.status, answer.text]).toEqual([status, expect.any(String)]);
    return jsonObject(answer) as T;
  }

  function impersonate(body: Record<string, unknown>): Promise<HttpResult> {
    return as(admin.accessToken, '/v1/admin/impersonations', 'POST', body);
  }

  async function platformLog(action: string, targetId: string): Promise<TrailEntry[]> {
    const page = await ok<{ data: TrailEntry[] }>(
      as(admin.accessToken, `/v1/admin/audit-events?action=${action}&targetId=${targetId}&limit=100`),
    );
    return page.data;
  }

  async function ownTrail(person: SignedInPerson): Promise<TrailEntry[]> {
    return (await ok<{ data: TrailEntry[] }>(as(person.accessToken, '/v1/me/audit-events?limit=100'))).data;
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    admin = await signUp(keel.keel.url, 'impersonating-admin');
    otherAdmin = await signUp(keel.keel.url, 'other-admin');
    // The grant command itself is covered by admin-access.e2e-spec.ts.
    await rows(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e'), ($2, 'cli:e2e')`, [
      admin.userId,
      otherAdmin.userId,
    ]);
    tenant = await populateWorkspace(keel.keel.url, 'helpdesk');
    user = tenant.member;
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
  });

  describe('starting one', () => {
    it('should refuse without a reason, beyond an hour, for nobody, and for any platform admin', async () => {
      expectProblem(await impersonate({ userId: user.userId }), { status: 422, code: 'VALIDATION_FAILED' });
      expectProblem(await impersonate({ userId: user.userId, reason: '   ' }), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      expectProblem(await impersonate({ userId: user.userId, reason, minutes: 61 }), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      expectProblem(await impersonate({ userId: randomUUID(), reason }), { status: 404, code: 'NOT_FOUND' });
      expectProblem(await impersonate({ userId: otherAdmin.userId, reason }), {
        status: 403,
        code: 'IMPERSONATION_OF_ADMIN',
      });
      expectProblem(await impersonate({ userId: admin.userId, reason }), {
        status: 403,
        code: 'IMPERSONATION_OF_ADMIN',
      });
      // Nothing was started, and each refusal is in the platform log with its reason.
      expect(await rows(`SELECT id FROM impersonations`)).toEqual([]);
      const refused = await platformLog('impersonations.start', otherAdmin.userId);
      expect(refused.map((entry) => entry.data['status'])).toEqual([403]);
    });

    it('should refuse a non-admin and an API key, so nobody but a platform admin starts one', async () => {
      expectProblem(
        await as(user.accessToken, '/v1/admin/impersonations', 'POST', { userId: tenant.owner.userId, reason }),
        {
          status: 403,
          code: 'PLATFORM_ADMIN_REQUIRED',
        },
      );
      expectProblem(
        await as(tenant.apiKey.key, '/v1/admin/impersonations', 'POST', { userId: tenant.owner.userId, reason }),
        { status: 403, code: 'PERMISSION_DENIED' },
      );
    });
  });

  describe('acting as the user', () => {
    let started: Started;

    beforeAll(async () => {
      started = await ok<Started>(impersonate({ userId: user.userId, reason, minutes: 20 }), 201);
    });

    it('should answer a token of the user whose act claim names the admin, for the minutes asked, without a refresh token', () => {
      expect(started).toEqual({
        id: expect.any(String),
        userId: user.userId,
        adminUserId: admin.userId,
        reason,
        startedAt: expect.any(String),
        expiresAt: expect.any(String),
        endedAt: null,
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 1200,
      });
      const claims = decodeJwt(started.accessToken);
      expect(claims).toMatchObject({ sub: user.userId, sid: started.id, act: { sub: admin.userId } });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(1200);
      expect(Date.parse(started.expiresAt) - Date.parse(started.startedAt)).toBeGreaterThanOrEqual(1_199_000);
      expect(started).not.toHaveProperty('refreshToken');
    });

    it("should show the user it happened, in their own audit trail, without the admin's reason", async () => {
      const trail = await ownTrail(user);
      const entry = trail.find((event) => event.action === 'impersonation.started');
      expect(entry).toMatchObject({
        target: { type: 'impersonation', id: started.id },
        data: { impersonatorId: admin.userId, expiresAt: started.expiresAt },
      });
      expect(JSON.stringify(entry)).not.toContain('8812');
    });

    it("should see the user's workspace as the user, audited in the workspace's trail and the platform log with both identities", async () => {
      const projects = await ok<{ data: { id: string }[] }>(
        as(started.accessToken, `/v1/workspaces/${tenant.id}/projects`),
      );
      expect(projects.data.map((project) => project.id)).toContain(tenant.project.id);

      const workspaceTrail = await pollUntil(
        "the request in the workspace's trail",
        async () =>
          (
            await ok<{ data: TrailEntry[] }>(
              as(tenant.owner.accessToken, `/v1/workspaces/${tenant.id}/audit-events?action=impersonation.request`),
            )
          ).data,
        (entries) => entries.length > 0,
      );
      expect(workspaceTrail).toEqual([
        expect.objectContaining({
          action: 'impersonation.request',
          actor: { type: 'user', id: user.userId },
          data: {
            impersonationId: started.id,
            impersonatorId: admin.userId,
            method: 'GET',
            route: '/v1/workspaces/:workspaceId/projects',
            status: 200,
          },
        }),
      ]);
      const platform = await pollUntil(
        'the request in the platform log',
        () => platformLog('impersonation.request', user.userId),
        (entries) => entries.some((entry) => entry.data['workspaceId'] === tenant.id),
      );
      expect(platform.find((entry) => entry.data['workspaceId'] === tenant.id)).toMatchObject({
        actor: { type: 'user', id: admin.userId },
        target: { type: 'user', id: user.userId },
        data: { impersonationId: started.id, method: 'GET', status: 200 },
      });
    });

    it("should record a request outside any workspace in the account's own trail", async () => {
      const me = await ok<{ id: string }>(as(started.accessToken, '/v1/me'));
      expect(me.id).toBe(user.userId);
      await pollUntil(
        "the request in the user's trail",
        () => ownTrail(user),
        (trail) =>
          trail.some(
            (entry) =>
              entry.action === 'impersonation.request' &&
              entry.data['route'] === '/v1/me' &&
              entry.data['impersonatorId'] === admin.userId,
          ),
      );
    });

    it.each([
      ['GET', '/v1/admin/overview'],
      ['GET', '/v1/admin/users'],
      ['POST', '/v1/admin/impersonations'],
      ['POST', '/v1/auth/password/change'],
      ['POST', '/v1/me/email'],
      ['POST', '/v1/me/mfa/totp'],
      ['DELETE', '/v1/me/mfa/totp'],
      ['DELETE', '/v1/me/sessions/{own}'],
      ['POST', '/v1/auth/logout'],
      ['POST', '/v1/auth/step-up'],
      ['DELETE', '/v1/me'],
    ])('should refuse %s %s with the token, and audit the refusal', async (method, path) => {
      const concrete = path.replace('{own}', user.sessionId);
      const body = method === 'POST' ? {} : undefined;
      const answer = await as(started.accessToken, concrete, method, body);
      expectProblem(answer, { status: 403, code: 'IMPERSONATION_FORBIDDEN' });
      await pollUntil(
        `the refused ${method} ${path} in the platform log`,
        () => platformLog('impersonation.request', user.userId),
        (entries) => entries.some((entry) => entry.data['method'] === method && entry.data['status'] === 403),
      );
    });

    it("should have changed none of the user's credentials or sessions", async () => {
      const again = await logIn(keel.keel.url, user.email, user.password);
      expect(again.userId).toBe(user.userId);
      expect((await ok<{ id: string }>(as(user.accessToken, '/v1/me'))).id).toBe(user.userId);
    });

    it('should end early: the token stops at once, the user sees it ended, and ending it again changes nothing', async () => {
      const ended = await as(admin.accessToken, `/v1/admin/impersonations/${started.id}`, 'DELETE');
      expect(ended.status).toBe(204);
      expectProblem(await as(started.accessToken, '/v1/me'), { status: 401, code: 'INVALID_TOKEN' });
      expect((await ownTrail(user)).find((entry) => entry.action === 'impersonation.ended')).toMatchObject({
        target: { type: 'impersonation', id: started.id },
        data: { impersonatorId: admin.userId },
      });
      expect((await as(admin.accessToken, `/v1/admin/impersonations/${started.id}`, 'DELETE')).status).toBe(204);
      expectProblem(await as(admin.accessToken, `/v1/admin/impersonations/${randomUUID()}`, 'DELETE'), {
        status: 404,
        code: 'NOT_FOUND',
      });
      const [row] = await rows<{ ended_at: Date | null }>(`SELECT ended_at FROM impersonations WHERE id = $1`, [
        started.id,
      ]);
      expect(row.ended_at).toBeInstanceOf(Date);
      const log = await platformLog('impersonations.end', started.id);
      expect(log.map((entry) => entry.actor)).toEqual([
        { type: 'user', id: admin.userId },
        { type: 'user', id: admin.userId },
      ]);
    });
  });

  it("should refuse, as the owner, every action that needs the user's own fresh proof", async () => {
    const started = await ok<Started>(impersonate({ userId: tenant.owner.userId, reason, minutes: 5 }), 201);
    const workspace = `/v1/workspaces/${tenant.id}`;
    // The owner may do each of these; an impersonator acting as the owner may not, MFA or not.
    for (const [method, path, body] of [
      ['POST', `${workspace}/api-keys`, { name: 'Lasting access', scopes: ['projects:read'] }],
      ['POST', `${workspace}/roles`, { key: 'auditor', name: 'Auditor', permissions: ['workspace:read'] }],
      ['POST', `${workspace}/ownership-transfer`, { userId: tenant.member.userId }],
      ['DELETE', workspace, undefined],
    ] as const) {
      expectProblem(await as(started.accessToken, path, method, body), {
        status: 403,
        code: 'IMPERSONATION_FORBIDDEN',
      });
    }
    const keys = await ok<{ data: { name: string }[] }>(as(tenant.owner.accessToken, `${workspace}/api-keys`));
    expect(keys.data.map((key) => key.name)).not.toContain('Lasting access');
    expect((await as(tenant.owner.accessToken, workspace)).status).toBe(200);
  });

  it('should stop working once its time is over', async () => {
    const started = await ok<Started>(impersonate({ userId: user.userId, reason, minutes: 1 }), 201);
    expect((await as(started.accessToken, '/v1/me')).status).toBe(200);
    // Its session carries its end: move that end into the past rather than wait a minute.
    await rows(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [started.id]);
    const refused = await pollUntil(
      'the expired impersonation token refused',
      () => as(started.accessToken, '/v1/me'),
      (answer) => answer.status === 401,
    );
    expectProblem(refused, { status: 401, code: 'INVALID_TOKEN' });
  });
});
