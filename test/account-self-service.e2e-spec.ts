/**
 * Account self-service (issue 20, "what a Clerk, WorkOS or Svix user
 * expects"): a person changes their name and address, closes their account
 * and takes their personal data with them, through the SDK, with mail going
 * through a real SMTP listener and Keel running as the production login.
 */
import type { ParsedMail } from 'mailparser';
import { sha256Hex } from '@keel/platform-crypto';
import { SmtpListener } from '@keel/platform-testing';
import { answerOf, bodyOf, Schema } from './support/keel-answers';
import { auditTrail } from './support/keel-audit';
import { KeelWithMail, nextMailedToken, startKeelWithMail } from './support/keel-mail';
import { KeelOnTestDatabase } from './support/keel-on-test-database';
import {
  clientAs,
  getMe,
  logIn,
  meUntilRefused,
  refresh,
  SignedInPerson,
  signUp,
  uniqueEmail,
} from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

describe('account self-service: name, address, deletion and export', () => {
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

  /** The next mail to `address` with this subject, passing over others (a sign-up's verification mail), within 10 s. */
  async function nextMailWithSubject(address: string, subject: string): Promise<ParsedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mail = await listener.nextMailTo(address, Math.max(deadline - Date.now(), 0));
      if (mail.subject === subject) return mail;
    }
  }

  function changeEmail(person: SignedInPerson, email: string, password: string) {
    return answerOf(person.client.POST('/v1/me/email', { body: { email, password } }));
  }

  function deleteAccount(person: SignedInPerson, password: string) {
    return answerOf(person.client.DELETE('/v1/me', { body: { password } }));
  }

  function followLink(token: string) {
    return answerOf(clientAs(baseUrl).POST('/v1/auth/email/verify', { body: { token } }));
  }

  async function accountTrail(person: SignedInPerson): Promise<string[]> {
    const answer = await answerOf(person.client.GET('/v1/me/audit-events', { params: { query: { limit: 100 } } }));
    return bodyOf(answer, 200).data.map((event) => event.action);
  }

  describe('name', () => {
    it('should show a new name in GET /v1/me, answer no-store and record the change in the account trail', async () => {
      const ada = await signUp(baseUrl, 'rename');

      const renamed = await answerOf(ada.client.PATCH('/v1/me', { body: { name: '  Ada King ' } }));

      expect(bodyOf(renamed, 200)).toMatchObject({ id: ada.userId, name: 'Ada King', email: ada.email });
      expect(renamed.headers.get('cache-control')).toBe('no-store');
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200).name).toBe('Ada King');
      expect(await accountTrail(ada)).toContain('account.name_changed');
    });

    it('should refuse an empty or null name with 422 VALIDATION_FAILED at name', async () => {
      const ada = await signUp(baseUrl, 'rename-empty');

      for (const name of ['', null]) {
        const refused = await answerOf(ada.client.PATCH('/v1/me', { body: { name } as { name: string } }));
        const problem = expectProblem(refused, { status: 422, code: 'VALIDATION_FAILED' });
        expect(problem.errors?.map((error) => error.field)).toEqual(['name']);
      }
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200).name).toBe(ada.name);
    });
  });

  describe('email', () => {
    it('should move the account only once the link mailed to the new address is followed, and tell the old address', async () => {
      const grace = await signUp(baseUrl, 'move-from');
      const newEmail = uniqueEmail('move-to');

      const started = await changeEmail(grace, newEmail, grace.password);

      expect(started.status).toBe(202);
      expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200).email).toBe(grace.email);
      const { token, mail } = await nextMailedToken(listener, newEmail, 'verify-email');
      expect(mail.subject).toBe('Confirm your new email address');

      expect((await followLink(token)).status).toBe(204);

      expect(bodyOf(await getMe(baseUrl, grace.accessToken), 200)).toMatchObject({
        email: newEmail,
        emailVerified: true,
      });
      const notice = await nextMailWithSubject(grace.email, 'Your email address was changed');
      expect(notice.text).not.toContain(newEmail);
      expect(notice.text).not.toMatch(/token=/);
      expect((await logIn(baseUrl, newEmail, grace.password)).userId).toBe(grace.userId);
      const oldAddress = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/login', { body: { email: grace.email, password: grace.password } }),
      );
      expectProblem(oldAddress, { status: 401, code: 'INVALID_CREDENTIALS' });
      expectProblem(await followLink(token), { status: 400, code: 'TOKEN_INVALID' });
      expect(await accountTrail(grace)).toEqual(
        expect.arrayContaining(['account.email_change_requested', 'account.email_changed']),
      );
    });

    it('should ask for the password again: a wrong one is 403 PASSWORD_INCORRECT and mails nothing', async () => {
      const alan = await signUp(baseUrl, 'move-wrong-password');
      const newEmail = uniqueEmail('move-never');

      const refused = await changeEmail(alan, newEmail, 'not the password at all');

      expectProblem(refused, { status: 403, code: 'PASSWORD_INCORRECT' });
      await expect(listener.nextMailTo(newEmail, 1_000)).rejects.toThrow(/No mail/);
    });

    it('should refuse the address the account has already with 422 at email', async () => {
      const linus = await signUp(baseUrl, 'move-same');

      const refused = await changeEmail(linus, linus.email.toUpperCase(), linus.password);

      const problem = expectProblem(refused, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors?.map((error) => error.field)).toEqual(['email']);
    });

    it('should answer an address of another account as any other (202), and mail its owner instead of a link', async () => {
      const mover = await signUp(baseUrl, 'move-onto');
      const holder = await signUp(baseUrl, 'move-holder');

      const answer = await changeEmail(mover, holder.email, mover.password);

      expect(answer.status).toBe(202);
      expect(answer.body).toBeUndefined();
      const warning = await nextMailWithSubject(holder.email, 'Someone tried to use your email address');
      expect(warning.text).not.toMatch(/token=/);
      expect(warning.text).not.toContain(mover.email);
      expect(bodyOf(await getMe(baseUrl, mover.accessToken), 200).email).toBe(mover.email);
      expect(bodyOf(await getMe(baseUrl, holder.accessToken), 200).email).toBe(holder.email);
    });

    it('should answer 409 EMAIL_TAKEN when the new address got an account before the link was followed', async () => {
      const mover = await signUp(baseUrl, 'move-late');
      const newEmail = uniqueEmail('move-taken-meanwhile');
      expect((await changeEmail(mover, newEmail, mover.password)).status).toBe(202);
      const { token } = await nextMailedToken(listener, newEmail, 'verify-email');

      await signUp(baseUrl, 'move-first', { email: newEmail });

      expectProblem(await followLink(token), { status: 409, code: 'EMAIL_TAKEN' });
      expect(bodyOf(await getMe(baseUrl, mover.accessToken), 200).email).toBe(mover.email);
    });
  });

  describe('deletion', () => {
    it('should refuse to delete the only owner of a workspace with 409 LAST_OWNER naming it, and change nothing', async () => {
      const owner = await signUp(baseUrl, 'delete-last-owner');
      const workspace = await createWorkspace(owner, { name: 'Last Owner Ltd' });

      const refused = await deleteAccount(owner, owner.password);

      const problem = expectProblem(refused, { status: 409, code: 'LAST_OWNER' });
      expect(problem['workspaces']).toEqual([{ id: workspace.id, name: 'Last Owner Ltd' }]);
      expect(bodyOf(await getMe(baseUrl, owner.accessToken), 200).memberships).toEqual([
        { workspaceId: workspace.id, workspaceName: 'Last Owner Ltd', role: 'owner' },
      ]);
    });

    it('should refuse a wrong password with 403 PASSWORD_INCORRECT and keep the account', async () => {
      const person = await signUp(baseUrl, 'delete-wrong-password');

      expectProblem(await deleteAccount(person, 'a guess that is wrong'), { status: 403, code: 'PASSWORD_INCORRECT' });

      expect((await getMe(baseUrl, person.accessToken)).status).toBe(200);
    });

    it('should delete the account once ownership is handed over: sign-in, refresh, access token and its API keys stop working, and it leaves the workspace', async () => {
      const owner = await signUp(baseUrl, 'delete-owner');
      const workspace = await createWorkspace(owner, { name: 'Handed Over Inc' });
      const successor = await addMember(baseUrl, owner, workspace.id, {
        email: uniqueEmail('delete-successor'),
        name: 'Successor',
        role: 'admin',
      });
      const ownersKey = await createApiKey(owner, workspace.id, 'Owner CI', ['members:read']);
      const successorsKey = await createApiKey(successor, workspace.id, 'Successor CI', ['members:read']);
      const membersWith = (key: string) =>
        answerOf(
          clientAs(baseUrl, key).GET('/v1/workspaces/{workspaceId}/members', {
            params: { path: { workspaceId: workspace.id } },
          }),
        );
      expect((await membersWith(ownersKey.key)).status).toBe(200);
      expectProblem(await deleteAccount(owner, owner.password), { status: 409, code: 'LAST_OWNER' });
      const transfer = await answerOf(
        owner.client.POST('/v1/workspaces/{workspaceId}/ownership-transfer', {
          params: { path: { workspaceId: workspace.id } },
          body: { userId: successor.userId, password: owner.password },
        }),
      );
      expect(transfer.status).toBe(204);

      expect((await deleteAccount(owner, owner.password)).status).toBe(204);

      const signIn = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/login', { body: { email: owner.email, password: owner.password } }),
      );
      expectProblem(signIn, { status: 401, code: 'INVALID_CREDENTIALS' });
      expectProblem(await refresh(baseUrl, owner.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      expect((await meUntilRefused(baseUrl, owner.accessToken)).status).toBe(401);
      expectProblem(await membersWith(ownersKey.key), { status: 401, code: 'INVALID_TOKEN' });
      expect((await membersWith(successorsKey.key)).status).toBe(200);
      const members = bodyOf(await membersWith(successorsKey.key), 200).data;
      expect(members.map((member) => member.userId)).toEqual([successor.userId]);
      await nextMailWithSubject(owner.email, 'Your Keel account was deleted');
    });

    it('should erase the user row, sessions and tokens, keep audit rows by id, and publish member.removed', async () => {
      const keeper = await signUp(baseUrl, 'delete-keeper');
      const workspace = await createWorkspace(keeper, { name: 'Keeper Co' });
      const email = uniqueEmail('delete-erased');
      const leaving = await addMember(baseUrl, keeper, workspace.id, { email, name: 'Leaving Member', role: 'admin' });
      await createApiKey(leaving, workspace.id, 'Member CI', ['members:read']);

      expect((await deleteAccount(leaving, leaving.password)).status).toBe(204);

      const database = keel.database.dataSource;
      const [left]: { users: number; sessions: number; tokens: number; memberships: number }[] = await database.query(
        `SELECT (SELECT count(*)::int FROM users WHERE id = $1) AS users,
                (SELECT count(*)::int FROM sessions WHERE user_id = $1) AS sessions,
                (SELECT count(*)::int FROM user_tokens WHERE user_id = $1) AS tokens,
                (SELECT count(*)::int FROM memberships WHERE user_id = $1) AS memberships`,
        [leaving.userId],
      );
      expect(left).toEqual({ users: 0, sessions: 0, tokens: 0, memberships: 0 });
      const trail = await auditTrail(keeper.client, workspace.id);
      expect(trail.filter((event) => event.actor?.id === leaving.userId).map((event) => event.action)).toEqual(
        expect.arrayContaining(['api_key.created', 'api_key.revoked', 'member.left']),
      );
      const [{ deleted }]: { deleted: number }[] = await database.query(
        `SELECT count(*)::int AS deleted FROM account_audit_events WHERE user_id = $1 AND action = 'account.deleted'`,
        [leaving.userId],
      );
      expect(deleted).toBe(1);
      const events = bodyOf(
        await answerOf(
          keeper.client.GET('/v1/workspaces/{workspaceId}/events', {
            params: { path: { workspaceId: workspace.id }, query: { type: 'member.removed', limit: 100 } },
          }),
        ),
        200,
      ).data;
      expect(events).toEqual([
        expect.objectContaining({
          actor: { type: 'user', id: leaving.userId },
          data: { member: expect.objectContaining({ userId: leaving.userId, role: 'admin' }), left: true },
        }),
      ]);
      // The address is free again: a new account may take it.
      expect((await signUp(baseUrl, 'delete-again', { email })).userId).not.toBe(leaving.userId);
    });
  });

  describe('export', () => {
    it('should export the profile, memberships, sessions, keys made and own audit events, no-store and without a secret', async () => {
      const ada = await signUp(baseUrl, 'export');
      const workspace = await createWorkspace(ada, { name: 'Export Works' });
      const key = await createApiKey(ada, workspace.id, 'Export CI', ['members:read']);
      const colleague = await addMember(baseUrl, ada, workspace.id, {
        email: uniqueEmail('export-colleague'),
        name: 'Colleague',
        role: 'admin',
      });
      const colleaguesKey = await createApiKey(colleague, workspace.id, 'Colleague CI', ['members:read']);

      const answer = await answerOf(ada.client.GET('/v1/me/export'));

      const exported: Schema<'PersonalDataExportResponse'> = bodyOf(answer, 200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(exported.profile).toMatchObject({ id: ada.userId, email: ada.email, name: ada.name });
      expect(exported.memberships).toEqual([
        expect.objectContaining({ workspaceId: workspace.id, workspaceName: 'Export Works', role: 'owner' }),
      ]);
      expect(exported.sessions.map((session) => session.id)).toContain(ada.sessionId);
      expect(exported.apiKeys).toEqual([
        expect.objectContaining({ id: key.id, workspaceId: workspace.id, prefix: key.prefix }),
      ]);
      const actions = exported.auditEvents.map((event) => `${event.workspaceId ?? 'account'}:${event.action}`);
      expect(actions).toEqual(expect.arrayContaining(['account:auth.signed_up', `${workspace.id}:api_key.created`]));
      expect(exported.auditEvents.every((event) => event.workspaceId === null || event.actor?.id === ada.userId)).toBe(
        true,
      );
      expect(exported.auditEvents.map((event) => event.target?.id)).not.toContain(colleaguesKey.id);

      const text = JSON.stringify(exported);
      const [secrets]: { password_hash: string; secret_hash: string }[] = await keel.database.dataSource.query(
        `SELECT u.password_hash, k.secret_hash FROM users u, api_keys k WHERE u.id = $1 AND k.id = $2`,
        [ada.userId, key.id],
      );
      for (const secret of [
        secrets.password_hash,
        secrets.secret_hash,
        key.key,
        ada.password,
        ada.refreshToken,
        sha256Hex(ada.refreshToken),
        ada.accessToken,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/passwordHash|tokenHash|secretHash|"key":/);
    });
  });
});
