import { randomUUID } from 'node:crypto';
import { SmtpListener } from '@keel/platform-testing';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { AuditEvent, auditPage, auditTrail, eventsOf, traced, TracedRequest } from './support/keel-audit';
import { nextMailedToken, KeelWithMail, startKeelWithMail } from './support/keel-mail';
import { clientAs, getMe, logIn, SignedInPerson, signUp, strongPassword, uniqueEmail } from './support/keel-people';
import { addMember, createApiKey, createInvite, createWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

/** Keel and these tests share a host: an event's time may differ from the test's clock by rounding only. */
const CLOCK_SLACK_MS = 500;

function wait(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

describe('the audit trail, read over HTTP', () => {
  let mailing: KeelWithMail;
  let listener: SmtpListener;
  let baseUrl: string;

  beforeAll(async () => {
    mailing = await startKeelWithMail();
    ({ listener, baseUrl } = mailing);
  });

  afterAll(async () => {
    await mailing?.stop();
  });

  function membersOf(as: SignedInPerson, workspaceId: string): Promise<Answer<Schema<'MemberListResponse'>>> {
    return answerOf(as.client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } }));
  }

  describe('what each action of issue 3 records', () => {
    let olga: SignedInPerson;
    let piet: SignedInPerson;
    let rosa: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let role: Schema<'RoleResponse'>;
    let pietInvite: Schema<'CreatedInviteResponse'>;
    let quentinInvite: Schema<'CreatedInviteResponse'>;
    let apiKey: Schema<'CreatedApiKeyResponse'>;
    let rule: Schema<'AutomationRuleResponse'>;
    let draft: Schema<'WorkflowVersionResponse'>;
    let trail: AuditEvent[];
    /** What the client sent with the request that should have written each action. */
    const requests = new Map<string, TracedRequest>();

    async function record<Data>(
      action: string,
      call: (headers: Record<string, string>) => Promise<Answer<Data>>,
      status: number,
    ): Promise<Data> {
      const { answer, request } = await traced(action, call);
      requests.set(action, request);
      return bodyOf(answer, status);
    }

    beforeAll(async () => {
      olga = await signUp(baseUrl, 'olga');
      workspace = await createWorkspace(olga, { name: 'Audited Looms' });
      const inWorkspace = { path: { workspaceId: workspace.id } };

      role = await record(
        'role.created',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/roles', {
              params: inWorkspace,
              headers,
              body: { key: 'auditor', name: 'Auditor', permissions: ['members:read', 'audit:read'] },
            }),
          ),
        201,
      );
      await record(
        'role.updated',
        (headers) =>
          answerOf(
            olga.client.PATCH('/v1/workspaces/{workspaceId}/roles/{roleId}', {
              params: { path: { workspaceId: workspace.id, roleId: role.id } },
              headers,
              body: { name: 'Audit reader', permissions: ['audit:read'] },
            }),
          ),
        200,
      );
      await record(
        'role.deleted',
        (headers) =>
          answerOf(
            olga.client.DELETE('/v1/workspaces/{workspaceId}/roles/{roleId}', {
              params: { path: { workspaceId: workspace.id, roleId: role.id } },
              headers,
            }),
          ),
        204,
      );

      const pietEmail = uniqueEmail('piet');
      pietInvite = await record(
        'invite.created',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/invites', {
              params: inWorkspace,
              headers,
              body: { email: pietEmail, role: 'member' },
            }),
          ),
        201,
      );
      const { token } = await nextMailedToken(listener, pietEmail, 'accept-invite');
      piet = await signUp(baseUrl, 'piet', { email: pietEmail });
      await record(
        'invite.accepted',
        (headers) => answerOf(piet.client.POST('/v1/invites/accept', { headers, body: { token } })),
        200,
      );
      await record(
        'member.role_changed',
        (headers) =>
          answerOf(
            olga.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
              params: { path: { workspaceId: workspace.id, userId: piet.userId } },
              headers,
              body: { role: 'admin' },
            }),
          ),
        200,
      );

      quentinInvite = await createInvite(olga, workspace.id, uniqueEmail('quentin'), 'viewer');
      await record(
        'invite.revoked',
        (headers) =>
          answerOf(
            olga.client.DELETE('/v1/workspaces/{workspaceId}/invites/{inviteId}', {
              params: { path: { workspaceId: workspace.id, inviteId: quentinInvite.id } },
              headers,
            }),
          ),
        204,
      );

      rosa = await addMember(baseUrl, olga, workspace.id, { email: uniqueEmail('rosa'), name: 'Rosa', role: 'member' });
      await record(
        'member.removed',
        (headers) =>
          answerOf(
            olga.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
              params: { path: { workspaceId: workspace.id, userId: rosa.userId } },
              headers,
            }),
          ),
        204,
      );

      apiKey = await record(
        'api_key.created',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
              params: inWorkspace,
              headers,
              body: { name: 'Deploys', scopes: ['members:read'] },
            }),
          ),
        201,
      );
      await record(
        'api_key.revoked',
        (headers) =>
          answerOf(
            olga.client.DELETE('/v1/workspaces/{workspaceId}/api-keys/{keyId}', {
              params: { path: { workspaceId: workspace.id, keyId: apiKey.id } },
              headers,
            }),
          ),
        204,
      );

      rule = await record(
        'automation_rule.created',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/automations', {
              params: inWorkspace,
              headers,
              body: {
                name: 'Greeter',
                trigger: { eventType: 'project.created' },
                actions: [{ type: 'add_comment', body: 'Hello.' }],
              },
            }),
          ),
        201,
      );
      await record(
        'automation_rule.updated',
        (headers) =>
          answerOf(
            olga.client.PATCH('/v1/workspaces/{workspaceId}/automations/{ruleId}', {
              params: { path: { workspaceId: workspace.id, ruleId: rule.id } },
              headers,
              body: { name: 'Quiet greeter', enabled: false },
            }),
          ),
        200,
      );
      await record(
        'automation_rule.deleted',
        (headers) =>
          answerOf(
            olga.client.DELETE('/v1/workspaces/{workspaceId}/automations/{ruleId}', {
              params: { path: { workspaceId: workspace.id, ruleId: rule.id } },
              headers,
            }),
          ),
        204,
      );
      const active = bodyOf(
        await answerOf(olga.client.GET('/v1/workspaces/{workspaceId}/workflow', { params: inWorkspace })),
        200,
      );
      draft = await record(
        'workflow.draft_created',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/workflow/versions', {
              params: inWorkspace,
              headers,
              body: { states: active.states, transitions: active.transitions, initialState: 'Planned' },
            }),
          ),
        201,
      );

      await record(
        'ownership.transferred',
        (headers) =>
          answerOf(
            olga.client.POST('/v1/workspaces/{workspaceId}/ownership-transfer', {
              params: inWorkspace,
              headers,
              body: { userId: piet.userId, password: olga.password },
            }),
          ),
        204,
      );

      // Olga is an admin now, which still reads the trail.
      trail = await auditTrail(olga.client, workspace.id);
    });

    interface Expectation {
      action: string;
      what: string;
      actor: () => SignedInPerson;
      target: () => { type: string; id: string };
      data: () => unknown;
    }

    const expectations: Expectation[] = [
      {
        action: 'role.created',
        what: 'a custom role made',
        actor: () => olga,
        target: () => ({ type: 'role', id: role.id }),
        data: () => ({ key: 'auditor', permissions: ['audit:read', 'members:read'] }),
      },
      {
        action: 'role.updated',
        what: 'a custom role changed',
        actor: () => olga,
        target: () => ({ type: 'role', id: role.id }),
        data: () =>
          expect.objectContaining({
            key: 'auditor',
            from: { name: 'Auditor', permissions: ['audit:read', 'members:read'] },
            to: expect.objectContaining({ name: 'Audit reader', permissions: ['audit:read'] }),
          }),
      },
      {
        action: 'role.deleted',
        what: 'a custom role deleted',
        actor: () => olga,
        target: () => ({ type: 'role', id: role.id }),
        data: () => ({ key: 'auditor' }),
      },
      {
        action: 'invite.created',
        what: 'an invite made',
        actor: () => olga,
        target: () => ({ type: 'invite', id: pietInvite.id }),
        data: () => ({ email: piet.email, role: 'member' }),
      },
      {
        action: 'invite.accepted',
        what: 'an invite accepted, by the invitee',
        actor: () => piet,
        target: () => ({ type: 'invite', id: pietInvite.id }),
        data: () => ({ userId: piet.userId, role: 'member' }),
      },
      {
        action: 'member.role_changed',
        what: 'a member’s role changed',
        actor: () => olga,
        target: () => ({ type: 'user', id: piet.userId }),
        data: () => ({ from: 'member', to: 'admin' }),
      },
      {
        action: 'invite.revoked',
        what: 'an invite revoked',
        actor: () => olga,
        target: () => ({ type: 'invite', id: quentinInvite.id }),
        data: () => ({ email: quentinInvite.email }),
      },
      {
        action: 'member.removed',
        what: 'a member removed',
        actor: () => olga,
        target: () => ({ type: 'user', id: rosa.userId }),
        data: () => ({ role: 'member' }),
      },
      {
        action: 'api_key.created',
        what: 'an API key made',
        actor: () => olga,
        target: () => ({ type: 'api-key', id: apiKey.id }),
        data: () => ({ name: 'Deploys', scopes: ['members:read'], prefix: apiKey.prefix }),
      },
      {
        action: 'api_key.revoked',
        what: 'an API key revoked',
        actor: () => olga,
        target: () => ({ type: 'api-key', id: apiKey.id }),
        data: () => ({ name: 'Deploys', prefix: apiKey.prefix }),
      },
      {
        action: 'automation_rule.created',
        what: 'an automation rule made',
        actor: () => olga,
        target: () => ({ type: 'automation-rule', id: rule.id }),
        data: () => ({ name: 'Greeter', enabled: true, eventType: 'project.created', actions: ['add_comment'] }),
      },
      {
        action: 'automation_rule.updated',
        what: 'an automation rule changed',
        actor: () => olga,
        target: () => ({ type: 'automation-rule', id: rule.id }),
        data: () => ({
          changed: ['name', 'enabled'],
          name: 'Quiet greeter',
          enabled: false,
          eventType: 'project.created',
          actions: ['add_comment'],
        }),
      },
      {
        action: 'automation_rule.deleted',
        what: 'an automation rule deleted',
        actor: () => olga,
        target: () => ({ type: 'automation-rule', id: rule.id }),
        data: () => ({ name: 'Quiet greeter', eventType: 'project.created' }),
      },
      {
        action: 'workflow.draft_created',
        what: 'a workflow draft made',
        actor: () => olga,
        target: () => ({ type: 'workflow_version', id: draft.id }),
        data: () => ({ number: 2, contentHash: draft.contentHash }),
      },
      {
        action: 'ownership.transferred',
        what: 'ownership handed over',
        actor: () => olga,
        target: () => ({ type: 'user', id: piet.userId }),
        data: () => ({ from: olga.userId, to: piet.userId }),
      },
    ];

    it.each(expectations)(
      'should record $action ($what) once, with actor, target, client address, user agent, request id and time',
      ({ action, actor, target, data }) => {
        const request = requests.get(action);
        if (!request) throw new Error(`no request was made for ${action}`);

        const found = eventsOf(trail, action, target().id);

        expect({ action, found }).toEqual({
          action,
          found: [
            {
              id: expect.any(String),
              action,
              actor: { type: 'user', id: actor().userId },
              target: target(),
              data: data(),
              clientAddress: '127.0.0.1',
              userAgent: request.userAgent,
              requestId: request.requestId,
              occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
              seq: expect.any(Number),
              prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
              hash: expect.stringMatching(/^[0-9a-f]{64}$/),
            },
          ],
        });
        const occurredAt = Date.parse(found[0]?.occurredAt ?? '');
        expect(occurredAt).toBeGreaterThanOrEqual(request.sentAt - CLOCK_SLACK_MS);
        expect(occurredAt).toBeLessThanOrEqual(request.answeredAt + CLOCK_SLACK_MS);
      },
    );

    it('should name who made an automation rule on the rule itself', () => {
      expect(rule.createdBy).toEqual({ type: 'user', id: olga.userId });
    });

    it('should record, as each event’s requestId, the X-Request-Id the client sent, which each response carried back', () => {
      for (const [action, request] of requests) {
        const recorded = trail.filter((event) => event.action === action).map((event) => event.requestId);
        expect({ action, answered: request.answeredRequestId, recorded }).toEqual({
          action,
          answered: request.requestId,
          recorded: expect.arrayContaining([request.requestId]),
        });
      }
    });

    it('should record the request id Keel made when the client’s X-Request-Id is malformed: the one the response carried', async () => {
      const malformed = 'not a request id; it has spaces';
      const answer = await answerOf(
        olga.client.POST('/v1/workspaces/{workspaceId}/invites', {
          params: { path: { workspaceId: workspace.id } },
          headers: { 'x-request-id': malformed },
          body: { email: uniqueEmail('sam'), role: 'viewer' },
        }),
      );
      const created = bodyOf(answer, 201);
      const answered = answer.headers.get('x-request-id');

      expect(answered).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(answered).not.toBe(malformed);
      const events = eventsOf(
        await auditTrail(olga.client, workspace.id, { action: 'invite.created' }),
        'invite.created',
        created.id,
      );
      expect(events.map((event) => event.requestId)).toEqual([answered]);
    });

    it('should record nothing for an action that was refused', async () => {
      const before = await auditTrail(piet.client, workspace.id);

      const demoteSoleOwner = await answerOf(
        piet.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId: workspace.id, userId: piet.userId } },
          body: { role: 'admin' },
        }),
      );
      const wrongPassword = await answerOf(
        piet.client.POST('/v1/workspaces/{workspaceId}/ownership-transfer', {
          params: { path: { workspaceId: workspace.id } },
          body: { userId: olga.userId, password: `${piet.password} but wrong` },
        }),
      );

      expectProblem(demoteSoleOwner, { status: 409, code: 'LAST_OWNER' });
      expectProblem(wrongPassword, { status: 403, code: 'PASSWORD_INCORRECT' });
      expect((await auditTrail(piet.client, workspace.id)).map((event) => event.id)).toEqual(
        before.map((event) => event.id),
      );
    });
  });

  describe('filters and pages', () => {
    let tess: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let roleBot: Schema<'CreatedApiKeyResponse'>;
    let botRole: Schema<'RoleResponse'>;
    let firstRole: Schema<'RoleResponse'>;
    let secondRole: Schema<'RoleResponse'>;
    let everything: AuditEvent[];

    async function createRole(client: ReturnType<typeof clientAs>, key: string): Promise<Schema<'RoleResponse'>> {
      const answer = await answerOf(
        client.POST('/v1/workspaces/{workspaceId}/roles', {
          params: { path: { workspaceId: workspace.id } },
          body: { key, name: key, permissions: ['roles:read'] },
        }),
      );
      return bodyOf(answer, 201);
    }

    function only(event: AuditEvent | undefined): AuditEvent {
      if (!event) throw new Error('an expected audit event is missing');
      return event;
    }

    beforeAll(async () => {
      tess = await signUp(baseUrl, 'tess');
      workspace = await createWorkspace(tess, { name: 'Filtered Works' });
      roleBot = await createApiKey(tess, workspace.id, 'Role bot', ['roles:read', 'roles:write']);
      botRole = await createRole(clientAs(baseUrl, roleBot.key), 'bot-made');
      // Apart in time, so a time range can fall between them.
      await wait(50);
      firstRole = await createRole(tess.client, 'first');
      await wait(50);
      secondRole = await createRole(tess.client, 'second');
      everything = await auditTrail(tess.client, workspace.id);
    });

    function targets(events: AuditEvent[]): (string | undefined)[] {
      return events.map((event) => `${event.action} ${event.target?.id ?? '-'}`);
    }

    it('should list the workspace’s events newest first: its creation, the key, and the three roles', () => {
      expect(targets(everything)).toEqual([
        `role.created ${secondRole.id}`,
        `role.created ${firstRole.id}`,
        `role.created ${botRole.id}`,
        `api_key.created ${roleBot.id}`,
        'workspace.created -',
      ]);
    });

    it('should filter by action', async () => {
      expect(targets(await auditTrail(tess.client, workspace.id, { action: 'role.created' }))).toEqual([
        `role.created ${secondRole.id}`,
        `role.created ${firstRole.id}`,
        `role.created ${botRole.id}`,
      ]);
      expect(targets(await auditTrail(tess.client, workspace.id, { action: 'api_key.created' }))).toEqual([
        `api_key.created ${roleBot.id}`,
      ]);
      expect(await auditTrail(tess.client, workspace.id, { action: 'member.removed' })).toEqual([]);
    });

    it('should filter by actor: a user’s id gives what they did, an API key’s id what the key did', async () => {
      const byKey = await auditTrail(tess.client, workspace.id, { actorId: roleBot.id });
      const byTess = await auditTrail(tess.client, workspace.id, { actorId: tess.userId });

      expect(byKey).toEqual([
        expect.objectContaining({
          action: 'role.created',
          actor: { type: 'api-key', id: roleBot.id },
          target: { type: 'role', id: botRole.id },
        }),
      ]);
      expect(targets(byTess)).toEqual([
        `role.created ${secondRole.id}`,
        `role.created ${firstRole.id}`,
        `api_key.created ${roleBot.id}`,
        'workspace.created -',
      ]);
      expect(byTess.every((event) => event.actor?.type === 'user' && event.actor.id === tess.userId)).toBe(true);
      expect(await auditTrail(tess.client, workspace.id, { actorId: randomUUID() })).toEqual([]);
    });

    it('should filter by time range: from is inclusive, to is exclusive', async () => {
      const first = only(everything.find((event) => event.target?.id === firstRole.id));
      const second = only(everything.find((event) => event.target?.id === secondRole.id));

      const fromFirst = await auditTrail(tess.client, workspace.id, { from: first.occurredAt });
      const untilFirst = await auditTrail(tess.client, workspace.id, { to: first.occurredAt });
      const between = await auditTrail(tess.client, workspace.id, { from: first.occurredAt, to: second.occurredAt });

      expect(targets(fromFirst)).toEqual([`role.created ${secondRole.id}`, `role.created ${firstRole.id}`]);
      expect(targets(untilFirst)).toEqual([
        `role.created ${botRole.id}`,
        `api_key.created ${roleBot.id}`,
        'workspace.created -',
      ]);
      expect(targets(between)).toEqual([`role.created ${firstRole.id}`]);
    });

    it('should combine filters: action, actor and time range together', async () => {
      const first = only(everything.find((event) => event.target?.id === firstRole.id));

      const events = await auditTrail(tess.client, workspace.id, {
        action: 'role.created',
        actorId: tess.userId,
        to: first.occurredAt,
      });
      const byKeyLater = await auditTrail(tess.client, workspace.id, {
        actorId: roleBot.id,
        from: first.occurredAt,
      });

      expect(events).toEqual([]);
      expect(byKeyLater).toEqual([]);
      expect(
        targets(await auditTrail(tess.client, workspace.id, { action: 'role.created', actorId: tess.userId })),
      ).toEqual([`role.created ${secondRole.id}`, `role.created ${firstRole.id}`]);
    });

    it('should refuse a time filter that is not a date with 422 VALIDATION_FAILED naming it', async () => {
      const answer = await auditPage(tess.client, workspace.id, { from: 'yesterday' });

      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'from' })]);

      const weekForm = expectProblem(await auditPage(tess.client, workspace.id, { from: '2026-W05' }), {
        status: 422,
        code: 'VALIDATION_FAILED',
      });
      expect(weekForm.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });

    it('should page through the trail with a cursor: newest first, each event once, then no cursor', async () => {
      const pages: Schema<'AuditEventListResponse'>[] = [];
      let cursor: string | undefined;
      do {
        pages.push(bodyOf(await auditPage(tess.client, workspace.id, { limit: 2, cursor }), 200));
        cursor = pages[pages.length - 1]?.nextCursor ?? undefined;
      } while (cursor && pages.length < 10);

      expect(pages.map((page) => page.data.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((page) => page.data).map((event) => event.id)).toEqual(everything.map((event) => event.id));
      expect(pages[pages.length - 1]?.nextCursor).toBeNull();
    });
  });

  describe('account events (sign-in, passwords, sessions)', () => {
    let uma: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let vic: SignedInPerson;
    let vicEmail: string;
    let vicAfterReset: SignedInPerson;
    const vicRequests = new Map<string, TracedRequest>();

    function accountTrail(as: SignedInPerson['client']): Promise<Answer<Schema<'AuditEventListResponse'>>> {
      return answerOf(as.GET('/v1/me/audit-events', { params: { query: { limit: 100 } } }));
    }

    beforeAll(async () => {
      uma = await signUp(baseUrl, 'uma');
      workspace = await createWorkspace(uma, { name: 'Private Lives' });
      vicEmail = uniqueEmail('vic');
      vic = await addMember(baseUrl, uma, workspace.id, { email: vicEmail, name: 'Vic', role: 'member' });

      // Vic does every account-level thing the issue wants audited, each request traced.
      const failed = await traced('auth.sign_in_failed', (headers) =>
        answerOf(
          clientAs(baseUrl).POST('/v1/auth/login', {
            headers,
            body: { email: vicEmail, password: `${vic.password} but wrong` },
          }),
        ),
      );
      expectProblem(failed.answer, { status: 401, code: 'INVALID_CREDENTIALS' });
      vicRequests.set('auth.sign_in_failed', failed.request);
      const onPhone = await logIn(baseUrl, vicEmail, vic.password);
      const ended = await traced('session.revoked', (headers) =>
        answerOf(
          vic.client.DELETE('/v1/me/sessions/{sessionId}', {
            headers,
            params: { path: { sessionId: onPhone.sessionId } },
          }),
        ),
      );
      expect(ended.answer.status).toBe(204);
      vicRequests.set('session.revoked', ended.request);
      const changedPassword = strongPassword();
      const changed = await traced('auth.password_changed', (headers) =>
        answerOf(
          vic.client.POST('/v1/auth/password/change', {
            headers,
            body: { currentPassword: vic.password, newPassword: changedPassword },
          }),
        ),
      );
      expect(changed.answer.status).toBe(204);
      vicRequests.set('auth.password_changed', changed.request);
      const forgot = await answerOf(clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email: vicEmail } }));
      expect(forgot.status).toBe(202);
      const { token } = await nextMailedToken(listener, vicEmail, 'reset-password');
      const resetPassword = strongPassword();
      const reset = await traced('auth.password_reset', (headers) =>
        answerOf(
          clientAs(baseUrl).POST('/v1/auth/password/reset', { headers, body: { token, password: resetPassword } }),
        ),
      );
      expect(reset.answer.status).toBe(204);
      vicRequests.set('auth.password_reset', reset.request);
      // The reset ended every session: Vic signs in again to read the trail.
      vicAfterReset = await logIn(baseUrl, vicEmail, resetPassword);
    });

    it('should keep a member’s sign-ins, password changes and resets and session revocations out of the workspace’s trail', async () => {
      const trail = await auditTrail(uma.client, workspace.id);

      expect(trail.map((event) => event.action).filter((action) => /^(auth|session)\./.test(action))).toEqual([]);
      expect(trail.filter((event) => event.actor?.id === vic.userId).map((event) => event.action)).toEqual([
        'invite.accepted',
      ]);
    });

    it('should show them to the account itself at GET /v1/me/audit-events, each with its client address, user agent and request id', async () => {
      const events = bodyOf(await accountTrail(vicAfterReset.client), 200).data;

      const actions = events.map((event) => event.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'auth.sign_in_failed',
          'auth.signed_in',
          'session.revoked',
          'auth.password_changed',
          'auth.password_reset',
        ]),
      );
      for (const [action, request] of vicRequests) {
        const matching = events.filter((event) => event.action === action && event.requestId === request.requestId);
        expect({ action, matching }).toEqual({
          action,
          matching: [
            expect.objectContaining({
              clientAddress: '127.0.0.1',
              userAgent: request.userAgent,
              requestId: request.requestId,
            }),
          ],
        });
      }
      const sorted = [...events].sort((left, right) => right.occurredAt.localeCompare(left.occurredAt));
      expect(events.map((event) => event.id)).toEqual(sorted.map((event) => event.id));
    });

    it('should filter the account trail by action', async () => {
      const page = bodyOf(
        await answerOf(
          vicAfterReset.client.GET('/v1/me/audit-events', { params: { query: { action: 'session.revoked' } } }),
        ),
        200,
      );

      expect(page.data.map((event) => event.action)).toEqual(['session.revoked']);
    });

    it('should show nobody else’s account events, and is for people only: an API key gets 403', async () => {
      const umasOwn = bodyOf(await accountTrail(uma.client), 200).data;
      expect(umasOwn.filter((event) => JSON.stringify(event).includes(vic.userId))).toEqual([]);

      const key = await createApiKey(uma, workspace.id, 'auditor', ['audit:read']);
      const asKey = await accountTrail(clientAs(baseUrl, key.key));
      expectProblem(asKey, { status: 403, code: 'PERMISSION_DENIED' });
    });
  });

  describe('API key expiry', () => {
    let yara: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;

    beforeAll(async () => {
      yara = await signUp(baseUrl, 'yara');
      workspace = await createWorkspace(yara, { name: 'Expiring Keys' });
    });

    it('should accept a key until its expiresAt and refuses it with 401 INVALID_TOKEN from then on', async () => {
      const expiresAt = new Date(Date.now() + 3_000).toISOString();
      const created = await answerOf(
        yara.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
          params: { path: { workspaceId: workspace.id } },
          body: { name: 'Short-lived', scopes: ['members:read'], expiresAt },
        }),
      );
      const key = bodyOf(created, 201);
      const asKey = clientAs(baseUrl, key.key);
      expect(key.expiresAt).toBe(expiresAt);

      const beforeExpiry = await answerOf(
        asKey.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: workspace.id } } }),
      );
      expect(bodyOf(beforeExpiry, 200).data).toEqual([expect.objectContaining({ userId: yara.userId })]);

      await wait(Date.parse(expiresAt) - Date.now() + 200);
      const afterExpiry = await answerOf(
        asKey.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: workspace.id } } }),
      );

      expectProblem(afterExpiry, { status: 401, code: 'INVALID_TOKEN' });
      // The key is still listed, expired, not revoked; the owner's own access is untouched.
      const listed = bodyOf(
        await answerOf(
          yara.client.GET('/v1/workspaces/{workspaceId}/api-keys', { params: { path: { workspaceId: workspace.id } } }),
        ),
        200,
      );
      expect(listed.data).toEqual([expect.objectContaining({ id: key.id, expiresAt, revokedAt: null })]);
      expect((await membersOf(yara, workspace.id)).status).toBe(200);
    });

    it('should refuse to mint a key whose expiresAt has already passed: 422 VALIDATION_FAILED on expiresAt, and no key', async () => {
      const answer = await answerOf(
        yara.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
          params: { path: { workspaceId: workspace.id } },
          body: { name: 'Born dead', scopes: ['members:read'], expiresAt: new Date(Date.now() - 60_000).toISOString() },
        }),
      );

      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      const listed = bodyOf(
        await answerOf(
          yara.client.GET('/v1/workspaces/{workspaceId}/api-keys', { params: { path: { workspaceId: workspace.id } } }),
        ),
        200,
      );
      expect(listed.data.map((key) => key.name)).not.toContain('Born dead');
    });
  });

  describe('the last owner', () => {
    let wanda: SignedInPerson;
    let xavier: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;

    beforeAll(async () => {
      wanda = await signUp(baseUrl, 'wanda');
      workspace = await createWorkspace(wanda, { name: 'Sole Proprietors' });
      xavier = await addMember(baseUrl, wanda, workspace.id, {
        email: uniqueEmail('xavier'),
        name: 'Xavier',
        role: 'member',
      });
    });

    function removeMember(by: SignedInPerson, userId: string): Promise<Answer> {
      return answerOf(
        by.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId: workspace.id, userId } },
        }),
      );
    }

    it('should refuse to remove the sole owner (DELETE of their membership) with 409 LAST_OWNER: the owner stays, nothing is recorded', async () => {
      const answer = await removeMember(wanda, wanda.userId);

      expectProblem(answer, { status: 409, code: 'LAST_OWNER' });
      const members = bodyOf(await membersOf(wanda, workspace.id), 200).data;
      expect(members.find((member) => member.userId === wanda.userId)?.role).toBe('owner');
      expect(bodyOf(await getMe(baseUrl, wanda.accessToken), 200).memberships).toEqual([
        { workspaceId: workspace.id, workspaceName: workspace.name, role: 'owner' },
      ]);
      const trail = await auditTrail(wanda.client, workspace.id);
      expect(trail.filter((event) => event.action === 'member.left' || event.action === 'member.removed')).toEqual([]);
    });

    it('should let an owner leave once another owner exists, recorded as member.left', async () => {
      bodyOf(
        await answerOf(
          wanda.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
            params: { path: { workspaceId: workspace.id, userId: xavier.userId } },
            body: { role: 'owner' },
          }),
        ),
        200,
      );

      const answer = await removeMember(wanda, wanda.userId);

      expect(answer.status).toBe(204);
      expect(bodyOf(await getMe(baseUrl, wanda.accessToken), 200).memberships).toEqual([]);
      const left = await auditTrail(xavier.client, workspace.id, { action: 'member.left' });
      expect(left).toEqual([
        expect.objectContaining({
          actor: { type: 'user', id: wanda.userId },
          target: { type: 'user', id: wanda.userId },
          data: { role: 'owner' },
          clientAddress: '127.0.0.1',
        }),
      ]);
    });
  });
});
