import { SmtpListener } from '@keel/platform-testing';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { nextMailedToken, TEST_APP_URL, KeelWithMail, startKeelWithMail } from './support/keel-mail';
import {
  clientAs,
  getMe,
  logIn,
  meUntilRefused,
  refresh,
  signUp,
  strongPassword,
  uniqueEmail,
} from './support/keel-people';
import { acceptInvite, createApiKey, createInvite, createWorkspace } from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

/** docs/security.md, "Revocation": a revoked session's access tokens stop working within 5 seconds. */
const SESSION_REVOCATION_WINDOW_MS = 5_000;
/** How late meUntilRefused may notice a refusal that came in time: one poll interval and a request. */
const POLL_SLACK_MS = 1_000;

/**
 * The whole flows of issue 3 end to end, each one chained with the same
 * accounts throughout, through the SDK against the built API, with every
 * mailed link read from a real SMTP listener.
 */
describe('identity and tenancy journeys, chained through the SDK and a real SMTP server', () => {
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

  async function membersOf(
    client: ReturnType<typeof clientAs>,
    workspaceId: string,
  ): Promise<Answer<Schema<'MemberListResponse'>>> {
    return answerOf(client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } }));
  }

  it('should carry a user through signup → verification mail → workspace → invite mail → accept → role change → API key → revoke, with the same two accounts', async () => {
    // A signs up: not verified yet, and the verification mail arrives through SMTP.
    const adaEmail = uniqueEmail('ada');
    const ada = await signUp(baseUrl, 'ada', { email: adaEmail, name: 'Ada Lovelace' });
    expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200)).toEqual({
      id: ada.userId,
      email: adaEmail,
      name: 'Ada Lovelace',
      emailVerified: false,
      memberships: [],
    });
    const verification = await nextMailedToken(listener, adaEmail, 'verify-email');

    // A follows the link: the web client posts the token from the mail.
    const verified = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/email/verify', { body: { token: verification.token } }),
    );
    expect(verified.status).toBe(204);
    expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200)).toMatchObject({ id: ada.userId, emailVerified: true });

    // A creates a workspace and owns it.
    const workspace = await createWorkspace(ada, { name: 'Analytical Engines' });
    expect(workspace).toMatchObject({ name: 'Analytical Engines', role: 'owner' });
    expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200).memberships).toEqual([
      { workspaceId: workspace.id, workspaceName: 'Analytical Engines', role: 'owner' },
    ]);

    // A invites B's address; the invite mail reaches B through SMTP.
    const graceEmail = uniqueEmail('grace');
    const invite = await createInvite(ada, workspace.id, graceEmail, 'member');
    expect(invite).toMatchObject({ email: graceEmail, role: 'member', status: 'pending' });
    const invitation = await nextMailedToken(listener, graceEmail, 'accept-invite');
    expect(invitation.token).toBe(invite.token);

    // B signs up with that address and accepts with the token from the mail.
    const grace = await signUp(baseUrl, 'grace', { email: graceEmail, name: 'Grace Hopper' });
    expect(bodyOf(await acceptInvite(grace, invitation.token), 200)).toEqual({
      workspaceId: workspace.id,
      role: 'member',
    });
    expect(bodyOf(await membersOf(ada.client, workspace.id), 200).data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ada.userId, role: 'owner' }),
        expect.objectContaining({ userId: grace.userId, email: graceEmail, name: 'Grace Hopper', role: 'member' }),
      ]),
    );
    expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200).memberships).toEqual([
      { workspaceId: workspace.id, workspaceName: 'Analytical Engines', role: 'member' },
    ]);

    // A makes B an admin: the member list and B's own view both show it.
    const changed = await answerOf(
      ada.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId: workspace.id, userId: grace.userId } },
        body: { role: 'admin' },
      }),
    );
    expect(bodyOf(changed, 200)).toMatchObject({ userId: grace.userId, role: 'admin' });
    expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200).memberships).toEqual([
      { workspaceId: workspace.id, workspaceName: 'Analytical Engines', role: 'admin' },
    ]);

    // A project, so the key below has something to read.
    const project = bodyOf(
      await answerOf(
        ada.client.POST('/v1/workspaces/{workspaceId}/projects', {
          params: { path: { workspaceId: workspace.id } },
          body: { key: 'ENGINE', name: 'Engine No. 1' },
        }),
      ),
      201,
    );

    // A mints a key that may read members and projects, and nothing else.
    const apiKey = await createApiKey(ada, workspace.id, 'Reporting', ['members:read', 'projects:read']);
    expect(apiKey).toMatchObject({ name: 'Reporting', scopes: ['members:read', 'projects:read'], revokedAt: null });
    const asKey = clientAs(baseUrl, apiKey.key);

    // Within its scopes the key reads what the people see.
    expect(bodyOf(await membersOf(asKey, workspace.id), 200).data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ada.userId, role: 'owner' }),
        expect.objectContaining({ userId: grace.userId, role: 'admin' }),
      ]),
    );
    const projects = await answerOf(
      asKey.GET('/v1/workspaces/{workspaceId}/projects', { params: { path: { workspaceId: workspace.id } } }),
    );
    expect(bodyOf(projects, 200).data).toEqual([expect.objectContaining({ id: project.id, key: 'ENGINE' })]);

    // Beyond them: 403 naming the permission, and nothing changes.
    expectPermissionDenied(
      await answerOf(
        asKey.GET('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId: workspace.id } } }),
      ),
      'roles:read',
    );
    expectPermissionDenied(
      await answerOf(
        asKey.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
          params: { path: { workspaceId: workspace.id, userId: grace.userId } },
          body: { role: 'viewer' },
        }),
      ),
      'members:update',
    );
    expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200).memberships).toEqual([
      { workspaceId: workspace.id, workspaceName: 'Analytical Engines', role: 'admin' },
    ]);

    // A revokes the key: from then on it is 401, for what it could do before too.
    const revoked = await answerOf(
      ada.client.DELETE('/v1/workspaces/{workspaceId}/api-keys/{keyId}', {
        params: { path: { workspaceId: workspace.id, keyId: apiKey.id } },
      }),
    );
    expect(revoked.status).toBe(204);
    expectProblem(await membersOf(asKey, workspace.id), { status: 401, code: 'INVALID_TOKEN' });
    expectProblem(
      await answerOf(
        asKey.GET('/v1/workspaces/{workspaceId}/projects', { params: { path: { workspaceId: workspace.id } } }),
      ),
      { status: 401, code: 'INVALID_TOKEN' },
    );
    // The people keep working.
    expect((await membersOf(ada.client, workspace.id)).status).toBe(200);
    expect((await membersOf(grace.client, workspace.id)).status).toBe(200);
  });

  it('should carry a user through forgot → reset mail → reset: every old session is dead, the new password signs in, the old one is refused', async () => {
    // One account signed in on three devices, one of which has already rotated its refresh token.
    const email = uniqueEmail('hedy');
    const onLaptop = await signUp(baseUrl, 'hedy', { email, name: 'Hedy Lamarr' });
    const workspace = await createWorkspace(onLaptop, { name: 'Frequency Hopping' });
    const onPhone = await logIn(baseUrl, email, onLaptop.password);
    const onTablet = await logIn(baseUrl, email, onLaptop.password);
    const tabletPair = bodyOf(await refresh(baseUrl, onTablet.refreshToken), 200);
    // Someone else, who must not be touched by Hedy's reset.
    const bystander = await signUp(baseUrl, 'bystander');
    const newPassword = strongPassword();

    const forgot = await answerOf(clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email } }));
    expect(forgot.status).toBe(202);
    const { token, mail } = await nextMailedToken(listener, email, 'reset-password');
    expect(mail.text).toContain(`${TEST_APP_URL}/reset-password?token=`);

    const reset = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/password/reset', { body: { token, password: newPassword } }),
    );
    const resetAt = Date.now();
    expect(reset.status).toBe(204);

    // Every old session: its refresh token is refused at once, its access token within the revocation window.
    const oldSessions = [
      { device: 'laptop', accessToken: onLaptop.accessToken, refreshToken: onLaptop.refreshToken },
      { device: 'phone', accessToken: onPhone.accessToken, refreshToken: onPhone.refreshToken },
      { device: 'tablet', accessToken: tabletPair.accessToken, refreshToken: tabletPair.refreshToken },
    ];
    for (const session of oldSessions) {
      const refreshed = await refresh(baseUrl, session.refreshToken);
      expect({ device: session.device, status: refreshed.status }).toEqual({ device: session.device, status: 401 });
      expectProblem(refreshed, { status: 401, code: 'INVALID_TOKEN' });
    }
    for (const session of oldSessions) {
      expectProblem(await meUntilRefused(baseUrl, session.accessToken), { status: 401, code: 'INVALID_TOKEN' });
    }
    expect(Date.now() - resetAt).toBeLessThanOrEqual(SESSION_REVOCATION_WINDOW_MS + POLL_SLACK_MS);

    // The old password is refused like any wrong one; the new one signs in to the same account and workspace.
    const withOldPassword = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/login', { body: { email, password: onLaptop.password } }),
    );
    expectProblem(withOldPassword, { status: 401, code: 'INVALID_CREDENTIALS' });
    const again = await logIn(baseUrl, email, newPassword);
    expect(bodyOf(await getMe(baseUrl, again.accessToken), 200)).toEqual({
      id: onLaptop.userId,
      email,
      name: 'Hedy Lamarr',
      emailVerified: true,
      memberships: [{ workspaceId: workspace.id, workspaceName: 'Frequency Hopping', role: 'owner' }],
    });
    const sessions = bodyOf(await answerOf(again.client.GET('/v1/me/sessions')), 200).data;
    expect(sessions.map((session) => ({ id: session.id, current: session.current }))).toEqual([
      { id: again.sessionId, current: true },
    ]);
    expect((await refresh(baseUrl, again.refreshToken)).status).toBe(200);

    // The mailed link was spent; the other account never noticed.
    expectProblem(
      await answerOf(
        clientAs(baseUrl).POST('/v1/auth/password/reset', { body: { token, password: strongPassword() } }),
      ),
      { status: 400, code: 'TOKEN_INVALID' },
    );
    expect((await getMe(baseUrl, bystander.accessToken)).status).toBe(200);
    expect((await refresh(baseUrl, bystander.refreshToken)).status).toBe(200);
  });
});
