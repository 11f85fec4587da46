import { SmtpListener } from '@keel/platform-testing';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase } from './support/keel-on-test-database';
import { mailsReceivedBy, nextMailedToken, TEST_APP_URL, KeelWithMail, startKeelWithMail } from './support/keel-mail';
import {
  clientAs,
  getMe,
  logIn,
  meUntilRefused,
  refresh,
  SignedInPerson,
  signUp,
  strongPassword,
  uniqueEmail,
} from './support/keel-people';
import { acceptInvite, createApiKey, createInvite, createWorkspace, invite } from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

describe('identity and tenancy flows, through the SDK and a real SMTP server', () => {
  let mailing: KeelWithMail;
  let listener: SmtpListener;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    mailing = await startKeelWithMail();
    ({ listener, keel, baseUrl } = mailing);
  });

  afterAll(async () => {
    await mailing?.stop();
  });

  /** Invites a new address, signs its owner up, and accepts with the token from the mail. */
  async function joinByInvite(
    owner: SignedInPerson,
    workspaceId: string,
    label: string,
    role: string,
  ): Promise<{ person: SignedInPerson; inviteToken: string }> {
    const email = uniqueEmail(label);
    await createInvite(owner, workspaceId, email, role);
    const { token } = await nextMailedToken(listener, email, 'accept-invite');
    const person = await signUp(baseUrl, label, { email });
    bodyOf(await acceptInvite(person, token), 200);
    return { person, inviteToken: token };
  }

  async function membersOf(as: SignedInPerson, workspaceId: string): Promise<Schema<'MemberResponse'>[]> {
    const answer = await answerOf(
      as.client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data;
  }

  function roleIn(members: Schema<'MemberResponse'>[], userId: string): string | undefined {
    return members.find((member) => member.userId === userId)?.role;
  }

  async function invitesOf(as: SignedInPerson, workspaceId: string): Promise<Schema<'InviteResponse'>[]> {
    const answer = await answerOf(
      as.client.GET('/v1/workspaces/{workspaceId}/invites', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data;
  }

  function changeRole(
    by: SignedInPerson,
    workspaceId: string,
    userId: string,
    role: string,
  ): Promise<Answer<Schema<'MemberResponse'>>> {
    return answerOf(
      by.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId } },
        body: { role },
      }),
    );
  }

  function transferOwnership(
    by: SignedInPerson,
    workspaceId: string,
    userId: string,
    password: string,
  ): Promise<Answer> {
    return answerOf(
      by.client.POST('/v1/workspaces/{workspaceId}/ownership-transfer', {
        params: { path: { workspaceId } },
        body: { userId, password },
      }),
    );
  }

  async function rolesOf(as: SignedInPerson, workspaceId: string): Promise<Schema<'RoleResponse'>[]> {
    const answer = await answerOf(
      as.client.GET('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data;
  }

  describe('email verification', () => {
    it('should confirm a new address through the link in the verification mail, and that link works only once', async () => {
      const email = uniqueEmail('ada');
      const ada = await signUp(baseUrl, 'ada', { email });
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200)).toMatchObject({ email, emailVerified: false });

      const { token, mail } = await nextMailedToken(listener, email, 'verify-email');
      expect(mail.text).toContain(`${TEST_APP_URL}/verify-email?token=`);
      const verified = await answerOf(clientAs(baseUrl).POST('/v1/auth/email/verify', { body: { token } }));

      expect(verified.status).toBe(204);
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200)).toMatchObject({
        id: ada.userId,
        email,
        emailVerified: true,
      });
      const again = await answerOf(clientAs(baseUrl).POST('/v1/auth/email/verify', { body: { token } }));
      expectProblem(again, { status: 400, code: 'TOKEN_INVALID' });
    });
  });

  describe('invites', () => {
    let ada: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      workspace = await createWorkspace(ada, { name: 'Analytical Engines' });
    });

    it('should let an invited person sign up with the invited address and join with the invited role through the mailed link', async () => {
      const email = uniqueEmail('grace');

      const created = await createInvite(ada, workspace.id, email, 'member');
      const { token, mail } = await nextMailedToken(listener, email, 'accept-invite');
      const grace = await signUp(baseUrl, 'grace', { email });
      const accepted = await acceptInvite(grace, token);

      expect(created).toMatchObject({ email, role: 'member', status: 'pending', token: expect.any(String) });
      expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now());
      expect(token).toBe(created.token);
      expect(mail.subject).toContain(workspace.name);
      expect(bodyOf(accepted, 200)).toEqual({ workspaceId: workspace.id, role: 'member' });
      expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200).memberships).toEqual([
        { workspaceId: workspace.id, workspaceName: workspace.name, role: 'member' },
      ]);
      expect(roleIn(await membersOf(ada, workspace.id), grace.userId)).toBe('member');
      expect((await invitesOf(ada, workspace.id)).find((entry) => entry.id === created.id)).toMatchObject({
        status: 'accepted',
      });
    });

    it('should answer 410 INVITE_USED when an accepted invite link is used again', async () => {
      const { person, inviteToken } = await joinByInvite(ada, workspace.id, 'alan', 'viewer');

      const again = await acceptInvite(person, inviteToken);

      expectProblem(again, { status: 410, code: 'INVITE_USED' });
    });

    it('should answer 410 INVITE_REVOKED for the link of a revoked invite, and does not join', async () => {
      const email = uniqueEmail('barbara');
      const created = await createInvite(ada, workspace.id, email, 'member');
      const { token } = await nextMailedToken(listener, email, 'accept-invite');

      const revoked = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/invites/{inviteId}', {
          params: { path: { workspaceId: workspace.id, inviteId: created.id } },
        }),
      );
      const barbara = await signUp(baseUrl, 'barbara', { email });
      const answer = await acceptInvite(barbara, token);

      expect(revoked.status).toBe(204);
      expectProblem(answer, { status: 410, code: 'INVITE_REVOKED' });
      expect(bodyOf(await getMe(baseUrl, barbara.accessToken), 200).memberships).toEqual([]);
      expect((await invitesOf(ada, workspace.id)).find((entry) => entry.id === created.id)).toMatchObject({
        status: 'revoked',
      });
    });

    it('should answer 403 INVITE_EMAIL_MISMATCH when an account with another address uses the link, and the invite stays usable', async () => {
      const email = uniqueEmail('margaret');
      await createInvite(ada, workspace.id, email, 'member');
      const { token } = await nextMailedToken(listener, email, 'accept-invite');
      const mallory = await signUp(baseUrl, 'mallory');

      const stolen = await acceptInvite(mallory, token);

      expectProblem(stolen, { status: 403, code: 'INVITE_EMAIL_MISMATCH' });
      expect(bodyOf(await getMe(baseUrl, mallory.accessToken), 200).memberships).toEqual([]);
      const margaret = await signUp(baseUrl, 'margaret', { email });
      expect(bodyOf(await acceptInvite(margaret, token), 200)).toEqual({
        workspaceId: workspace.id,
        role: 'member',
      });
    });

    it('should mail a new link when an invite is resent; the old link then answers 404 and the new one works', async () => {
      const email = uniqueEmail('katherine');
      const created = await createInvite(ada, workspace.id, email, 'viewer');
      const first = await nextMailedToken(listener, email, 'accept-invite');

      const resent = await answerOf(
        ada.client.POST('/v1/workspaces/{workspaceId}/invites/{inviteId}/resend', {
          params: { path: { workspaceId: workspace.id, inviteId: created.id } },
        }),
      );
      const second = await nextMailedToken(listener, email, 'accept-invite');
      const katherine = await signUp(baseUrl, 'katherine', { email });
      const withOldLink = await acceptInvite(katherine, first.token);
      const withNewLink = await acceptInvite(katherine, second.token);

      const reissued = bodyOf(resent, 200);
      expect(reissued).toMatchObject({ id: created.id, email, role: 'viewer', status: 'pending' });
      expect(second.token).toBe(reissued.token);
      expect(second.token).not.toBe(first.token);
      expectProblem(withOldLink, { status: 404, code: 'NOT_FOUND' });
      expect(bodyOf(withNewLink, 200)).toEqual({ workspaceId: workspace.id, role: 'viewer' });
    });

    it('should answer 410 INVITE_EXPIRED for the link of an invite past its expiry', async () => {
      const email = uniqueEmail('hedy');
      const created = await createInvite(ada, workspace.id, email, 'member');
      const { token } = await nextMailedToken(listener, email, 'accept-invite');
      await keel.database.dataSource.query(
        `UPDATE invites SET expires_at = now() - interval '1 minute' WHERE workspace_id = $1 AND id = $2`,
        [workspace.id, created.id],
      );
      const hedy = await signUp(baseUrl, 'hedy', { email });

      const answer = await acceptInvite(hedy, token);

      expectProblem(answer, { status: 410, code: 'INVITE_EXPIRED' });
      expect(bodyOf(await getMe(baseUrl, hedy.accessToken), 200).memberships).toEqual([]);
      expect((await invitesOf(ada, workspace.id)).find((entry) => entry.id === created.id)).toMatchObject({
        status: 'expired',
      });
    });
  });

  describe('members and ownership', () => {
    let ada: SignedInPerson;
    let grace: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      workspace = await createWorkspace(ada, { name: 'Difference Engines' });
      grace = (await joinByInvite(ada, workspace.id, 'grace', 'member')).person;
    });

    it('should let the owner make a member an admin, and the member list shows the new role', async () => {
      const changed = await changeRole(ada, workspace.id, grace.userId, 'admin');

      expect(bodyOf(changed, 200)).toMatchObject({
        userId: grace.userId,
        email: grace.email,
        role: 'admin',
      });
      const members = await membersOf(ada, workspace.id);
      expect(roleIn(members, grace.userId)).toBe('admin');
      expect(roleIn(members, ada.userId)).toBe('owner');
    });

    it('should refuse to demote the last owner with 409 LAST_OWNER', async () => {
      const answer = await changeRole(ada, workspace.id, ada.userId, 'admin');

      expectProblem(answer, { status: 409, code: 'LAST_OWNER' });
      expect(roleIn(await membersOf(ada, workspace.id), ada.userId)).toBe('owner');
    });

    it('should refuse an ownership transfer with a wrong password (403 PASSWORD_INCORRECT) and changes no role', async () => {
      const answer = await transferOwnership(ada, workspace.id, grace.userId, `${ada.password} but wrong`);

      expectProblem(answer, { status: 403, code: 'PASSWORD_INCORRECT' });
      const members = await membersOf(ada, workspace.id);
      expect(roleIn(members, ada.userId)).toBe('owner');
      expect(roleIn(members, grace.userId)).toBe('admin');
    });

    it('should transfer ownership with the owner’s password: the new owner is owner and the old one admin', async () => {
      const answer = await transferOwnership(ada, workspace.id, grace.userId, ada.password);

      expect(answer.status).toBe(204);
      const members = await membersOf(grace, workspace.id);
      expect(roleIn(members, grace.userId)).toBe('owner');
      expect(roleIn(members, ada.userId)).toBe('admin');
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200).memberships).toEqual([
        { workspaceId: workspace.id, workspaceName: workspace.name, role: 'admin' },
      ]);
    });
  });

  describe('API keys', () => {
    let ada: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let otherWorkspace: Schema<'WorkspaceResponse'>;
    let apiKey: Schema<'CreatedApiKeyResponse'>;

    function asKey(): ReturnType<typeof clientAs> {
      return clientAs(baseUrl, apiKey.key);
    }

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      workspace = await createWorkspace(ada, { name: 'Jacquard Looms' });
      otherWorkspace = await createWorkspace(ada, { name: 'Babbage Works' });
      apiKey = await createApiKey(ada, workspace.id, 'CI pipeline', ['members:read']);
    });

    it('should show a new key once, as keel_<environment>_<random and checksum>, with its name and scopes', () => {
      expect(apiKey).toMatchObject({ name: 'CI pipeline', scopes: ['members:read'], expiresAt: null, revokedAt: null });
      expect(apiKey.key).toMatch(/^keel_[a-z0-9]{1,16}_[0-9A-Za-z]{36}$/);
      expect(apiKey.key.startsWith(apiKey.prefix)).toBe(true);
      expect(apiKey.prefix.length).toBeLessThan(apiKey.key.length - 20);
    });

    it('should let a key with members:read list the members of its workspace', async () => {
      const answer = await answerOf(
        asKey().GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: workspace.id } } }),
      );

      expect(bodyOf(answer, 200).data).toEqual([expect.objectContaining({ userId: ada.userId, role: 'owner' })]);
    });

    it('should refuse a key what its scopes do not allow with 403 PERMISSION_DENIED naming the permission', async () => {
      const answer = await answerOf(
        asKey().GET('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId: workspace.id } } }),
      );

      expectPermissionDenied(answer, 'roles:read');
    });

    it('should never show a key’s secret in the list of keys', async () => {
      const answer = await answerOf(
        ada.client.GET('/v1/workspaces/{workspaceId}/api-keys', { params: { path: { workspaceId: workspace.id } } }),
      );

      const keys = bodyOf(answer, 200).data;
      expect(keys).toEqual([
        expect.objectContaining({
          id: apiKey.id,
          name: 'CI pipeline',
          prefix: apiKey.prefix,
          scopes: ['members:read'],
          revokedAt: null,
        }),
      ]);
      expect(Object.keys(keys[0] ?? {}).sort()).toEqual(
        ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes'].sort(),
      );
      expect(JSON.stringify(answer.body)).not.toContain(apiKey.key.slice(apiKey.prefix.length));
    });

    it('should answer 404 WORKSPACE_NOT_FOUND for a key used on another workspace, even one its creator owns', async () => {
      const answer = await answerOf(
        asKey().GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: otherWorkspace.id } } }),
      );

      expectProblem(answer, { status: 404, code: 'WORKSPACE_NOT_FOUND' });
    });

    it('should refuse a revoked key with 401 INVALID_TOKEN', async () => {
      const revoked = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/api-keys/{keyId}', {
          params: { path: { workspaceId: workspace.id, keyId: apiKey.id } },
        }),
      );
      const answer = await answerOf(
        asKey().GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: workspace.id } } }),
      );

      expect(revoked.status).toBe(204);
      expectProblem(answer, { status: 401, code: 'INVALID_TOKEN' });
      const listed = await answerOf(
        ada.client.GET('/v1/workspaces/{workspaceId}/api-keys', { params: { path: { workspaceId: workspace.id } } }),
      );
      expect(bodyOf(listed, 200).data).toEqual([
        expect.objectContaining({ id: apiKey.id, revokedAt: expect.any(String) }),
      ]);
    });
  });

  describe('custom roles', () => {
    let ada: SignedInPerson;
    let linus: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let auditor: Schema<'RoleResponse'>;

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      workspace = await createWorkspace(ada, { name: 'Tabulating Machines' });
      linus = (await joinByInvite(ada, workspace.id, 'linus', 'viewer')).person;
    });

    function asLinus(path: 'members' | 'audit-events' | 'roles' | 'invites' | 'api-keys'): Promise<Answer> {
      const params = { params: { path: { workspaceId: workspace.id } } };
      switch (path) {
        case 'members':
          return answerOf(linus.client.GET('/v1/workspaces/{workspaceId}/members', params));
        case 'audit-events':
          return answerOf(linus.client.GET('/v1/workspaces/{workspaceId}/audit-events', params));
        case 'roles':
          return answerOf(linus.client.GET('/v1/workspaces/{workspaceId}/roles', params));
        case 'invites':
          return answerOf(linus.client.GET('/v1/workspaces/{workspaceId}/invites', params));
        case 'api-keys':
          return answerOf(linus.client.GET('/v1/workspaces/{workspaceId}/api-keys', params));
      }
    }

    it('should give a member holding a custom role exactly the permissions of that role', async () => {
      const created = await answerOf(
        ada.client.POST('/v1/workspaces/{workspaceId}/roles', {
          params: { path: { workspaceId: workspace.id } },
          body: { key: 'member-auditor', name: 'Member auditor', permissions: ['members:read', 'audit:read'] },
        }),
      );
      auditor = bodyOf(created, 201);
      const assigned = await changeRole(ada, workspace.id, linus.userId, 'member-auditor');

      expect(auditor).toMatchObject({
        key: 'member-auditor',
        name: 'Member auditor',
        permissions: ['audit:read', 'members:read'],
        builtIn: false,
      });
      expect(bodyOf(assigned, 200)).toMatchObject({ userId: linus.userId, role: 'member-auditor' });
      expect((await asLinus('members')).status).toBe(200);
      expect((await asLinus('audit-events')).status).toBe(200);
      expectPermissionDenied(await asLinus('roles'), 'roles:read');
      expectPermissionDenied(await asLinus('invites'), 'invites:read');
      expectPermissionDenied(await asLinus('api-keys'), 'api-keys:read');
      expectPermissionDenied(
        await answerOf(
          linus.client.GET('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId: workspace.id } } }),
        ),
        'workspace:read',
      );
      expectPermissionDenied(await changeRole(linus, workspace.id, linus.userId, 'admin'), 'members:update');
      expectPermissionDenied(await invite(linus, workspace.id, uniqueEmail('nobody'), 'viewer'), 'invites:write');
    });

    it('should refuse to delete a custom role a member holds with 409 ROLE_IN_USE, and keeps it', async () => {
      const answer = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/roles/{roleId}', {
          params: { path: { workspaceId: workspace.id, roleId: auditor.id } },
        }),
      );

      expectProblem(answer, { status: 409, code: 'ROLE_IN_USE', extensions: { members: 1, invites: 0 } });
      expect((await rolesOf(ada, workspace.id)).map((role) => role.key)).toContain('member-auditor');
    });

    it('should delete a custom role once nobody holds it', async () => {
      bodyOf(await changeRole(ada, workspace.id, linus.userId, 'viewer'), 200);

      const answer = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/roles/{roleId}', {
          params: { path: { workspaceId: workspace.id, roleId: auditor.id } },
        }),
      );

      expect(answer.status).toBe(204);
      expect((await rolesOf(ada, workspace.id)).map((role) => role.key)).not.toContain('member-auditor');
    });

    it('should delete a custom role that only a revoked invite ever named', async () => {
      const created = await answerOf(
        ada.client.POST('/v1/workspaces/{workspaceId}/roles', {
          params: { path: { workspaceId: workspace.id } },
          body: { key: 'contractor', name: 'Contractor', permissions: ['members:read'] },
        }),
      );
      const contractor = bodyOf(created, 201);
      const offered = await createInvite(ada, workspace.id, uniqueEmail('contractor'), 'contractor');
      const revoked = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/invites/{inviteId}', {
          params: { path: { workspaceId: workspace.id, inviteId: offered.id } },
        }),
      );

      const answer = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/roles/{roleId}', {
          params: { path: { workspaceId: workspace.id, roleId: contractor.id } },
        }),
      );

      expect(revoked.status).toBe(204);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 204, body: undefined });
      expect((await rolesOf(ada, workspace.id)).map((role) => role.key)).not.toContain('contractor');
    });
  });

  describe('forgotten passwords', () => {
    it('should reset a forgotten password through the mailed link and ends every session of the account', async () => {
      const email = uniqueEmail('hedy');
      const hedy = await signUp(baseUrl, 'hedy', { email });
      const hedyOnPhone = await logIn(baseUrl, email, hedy.password);
      const newPassword = strongPassword();

      const forgot = await answerOf(clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email } }));
      const { token } = await nextMailedToken(listener, email, 'reset-password');
      const reset = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/password/reset', { body: { token, password: newPassword } }),
      );

      expect(forgot.status).toBe(202);
      expect(reset.status).toBe(204);
      for (const session of [hedy, hedyOnPhone]) {
        expectProblem(await meUntilRefused(baseUrl, session.accessToken), { status: 401, code: 'INVALID_TOKEN' });
        expectProblem(await refresh(baseUrl, session.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      }
      const withOldPassword = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/login', { body: { email, password: hedy.password } }),
      );
      expectProblem(withOldPassword, { status: 401, code: 'INVALID_CREDENTIALS' });
      const withNewPassword = await logIn(baseUrl, email, newPassword);
      expect(bodyOf(await getMe(baseUrl, withNewPassword.accessToken), 200)).toMatchObject({
        id: hedy.userId,
        emailVerified: true,
      });
      const linkAgain = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/password/reset', { body: { token, password: strongPassword() } }),
      );
      expectProblem(linkAgain, { status: 400, code: 'TOKEN_INVALID' });
    });

    it('should answer 202 to a reset request for an address without an account, and mails nothing', async () => {
      const nobody = uniqueEmail('nobody');
      const somebody = await signUp(baseUrl, 'somebody');

      const forNobody = await answerOf(clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email: nobody } }));
      const forSomebody = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email: somebody.email } }),
      );
      // The mail for the real account was asked for after the other one: once it is here, the other would be too.
      await nextMailedToken(listener, somebody.email, 'reset-password');

      expect(forNobody.status).toBe(202);
      expect(forSomebody.status).toBe(202);
      expect(forNobody.body).toEqual(forSomebody.body);
      expect(mailsReceivedBy(listener, nobody)).toEqual([]);
    });
  });

  describe('audit trail', () => {
    let ada: SignedInPerson;
    let katherine: SignedInPerson;
    let workspace: Schema<'WorkspaceResponse'>;
    let inviteId: string;
    let apiKeyId: string;
    /** The X-Request-Id of the request that should have written each action. */
    const requestIds = new Map<string, string | null>();

    function remember<Data>(action: string, answer: Answer<Data>): Answer<Data> {
      requestIds.set(action, answer.headers.get('x-request-id'));
      return answer;
    }

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      workspace = await createWorkspace(ada, { name: 'Audited Engines' });
      const email = uniqueEmail('katherine');
      inviteId = bodyOf(remember('invite.created', await invite(ada, workspace.id, email, 'member')), 201).id;
      const { token } = await nextMailedToken(listener, email, 'accept-invite');
      katherine = await signUp(baseUrl, 'katherine', { email });
      bodyOf(remember('invite.accepted', await acceptInvite(katherine, token)), 200);
      bodyOf(remember('member.role_changed', await changeRole(ada, workspace.id, katherine.userId, 'admin')), 200);
      const created = await answerOf(
        ada.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
          params: { path: { workspaceId: workspace.id } },
          body: { name: 'Deploys', scopes: ['members:read'] },
        }),
      );
      apiKeyId = bodyOf(remember('api_key.created', created), 201).id;
      const revoked = await answerOf(
        ada.client.DELETE('/v1/workspaces/{workspaceId}/api-keys/{keyId}', {
          params: { path: { workspaceId: workspace.id, keyId: apiKeyId } },
        }),
      );
      expect(remember('api_key.revoked', revoked).status).toBe(204);
      const transferred = await transferOwnership(ada, workspace.id, katherine.userId, ada.password);
      expect(remember('ownership.transferred', transferred).status).toBe(204);
    });

    async function auditEvents(query: { action?: string } = {}): Promise<Schema<'AuditEventResponse'>[]> {
      const answer = await answerOf(
        ada.client.GET('/v1/workspaces/{workspaceId}/audit-events', {
          params: { path: { workspaceId: workspace.id }, query },
        }),
      );
      return bodyOf(answer, 200).data;
    }

    it('should record invites, role changes, API keys and the ownership transfer with actor, target, client address and request id', async () => {
      const events = await auditEvents();

      const expected = [
        { action: 'invite.created', actor: ada.userId, target: { type: 'invite', id: inviteId } },
        { action: 'invite.accepted', actor: katherine.userId, target: { type: 'invite', id: inviteId } },
        { action: 'member.role_changed', actor: ada.userId, target: { type: 'user', id: katherine.userId } },
        { action: 'api_key.created', actor: ada.userId, target: { type: 'api-key', id: apiKeyId } },
        { action: 'api_key.revoked', actor: ada.userId, target: { type: 'api-key', id: apiKeyId } },
        { action: 'ownership.transferred', actor: ada.userId, target: { type: 'user', id: katherine.userId } },
      ];
      for (const { action, actor, target } of expected) {
        expect({ action, found: events.filter((event) => event.action === action) }).toEqual({
          action,
          found: [
            expect.objectContaining({
              actor: { type: 'user', id: actor },
              target,
              clientAddress: '127.0.0.1',
              requestId: requestIds.get(action),
              occurredAt: expect.any(String),
            }),
          ],
        });
      }
      expect(new Set(requestIds.values()).size).toBe(expected.length);
    });

    it('should filter the audit trail by action', async () => {
      const events = await auditEvents({ action: 'member.role_changed' });

      expect(events).toEqual([
        expect.objectContaining({
          action: 'member.role_changed',
          target: { type: 'user', id: katherine.userId },
          data: { from: 'member', to: 'admin' },
        }),
      ]);
    });
  });
});
