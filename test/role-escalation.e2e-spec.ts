/**
 * No privilege escalation through roles, through HTTP with the SDK client:
 * nobody hands out more than they hold. A custom role never holds an
 * owner-only permission (422); whoever writes a role puts in only permissions
 * they hold, and whoever grants a role (member role change, invite, resend)
 * or takes one away (role change, removal) holds every permission of it
 * (403 naming the first missing, in catalog order). An API key holds its
 * scopes. The owner holds everything and may do all of it.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from './support/keel-projects';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, SignedInPerson, signUp, uniqueEmail } from './support/keel-people';
import {
  addMember,
  createApiKey,
  createInvite,
  createWorkspace,
  invite,
  OWNER_ONLY_PERMISSIONS,
  permissionCatalog,
} from './support/keel-tenants';
import { expectPermissionDenied, expectProblem } from './support/problem-details';

/** Who calls: a signed-in person, or an API key's client. */

describe('no privilege escalation through roles', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let workspaceId: string;
  let catalog: string[];
  /** The permissions of every role of the workspace, by key, as GET …/roles lists them. */
  let permissionsOf: (roleKey: string) => Promise<string[]>;
  let olive: SignedInPerson;
  let adam: SignedInPerson;

  function createRole(by: Caller, body: Schema<'CreateRoleDto'>): Promise<Answer<Schema<'RoleResponse'>>> {
    return answerOf(by.client.POST('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId } }, body }));
  }

  async function makeRole(by: Caller, key: string, permissions: string[]): Promise<Schema<'RoleResponse'>> {
    return bodyOf(await createRole(by, { key, name: `${key} e2e`, permissions }), 201);
  }

  function updateRole(
    by: Caller,
    roleId: string,
    body: Schema<'UpdateRoleDto'>,
  ): Promise<Answer<Schema<'RoleResponse'>>> {
    return answerOf(
      by.client.PATCH('/v1/workspaces/{workspaceId}/roles/{roleId}', {
        params: { path: { workspaceId, roleId } },
        body,
      }),
    );
  }

  async function roles(): Promise<Schema<'RoleResponse'>[]> {
    const answer = await answerOf(
      olive.client.GET('/v1/workspaces/{workspaceId}/roles', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data;
  }

  function changeRole(by: Caller, userId: string, role: string): Promise<Answer<Schema<'MemberResponse'>>> {
    return answerOf(
      by.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId } },
        body: { role },
      }),
    );
  }

  function removeMember(by: Caller, userId: string): Promise<Answer> {
    return answerOf(
      by.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', { params: { path: { workspaceId, userId } } }),
    );
  }

  function resend(by: Caller, inviteId: string): Promise<Answer<Schema<'CreatedInviteResponse'>>> {
    return answerOf(
      by.client.POST('/v1/workspaces/{workspaceId}/invites/{inviteId}/resend', {
        params: { path: { workspaceId, inviteId } },
      }),
    );
  }

  async function roleOf(userId: string): Promise<string | undefined> {
    const answer = await answerOf(
      olive.client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data.find((member) => member.userId === userId)?.role;
  }

  async function invitedEmails(): Promise<string[]> {
    const answer = await answerOf(
      olive.client.GET('/v1/workspaces/{workspaceId}/invites', { params: { path: { workspaceId } } }),
    );
    return bodyOf(answer, 200).data.map((entry) => entry.email);
  }

  /** A new person who joined through an invite of the owner, with `role`. */
  function joined(label: string, role: string): Promise<SignedInPerson> {
    return addMember(baseUrl, olive, workspaceId, { email: uniqueEmail(label), name: `${label} e2e`, role });
  }

  /** The first permission of `needed` that `held` lacks, in catalog order: the one a refusal names. */
  function firstLacking(held: readonly string[], needed: readonly string[]): string {
    const lacking = catalog.find((permission) => needed.includes(permission) && !held.includes(permission));
    if (!lacking) throw new Error(`nothing of ${needed.join(', ')} is lacking`);
    return lacking;
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    baseUrl = keel.keel.url;
    olive = await signUp(baseUrl, 'olive');
    workspaceId = (await createWorkspace(olive, { name: 'Escalation Works' })).id;
    catalog = await permissionCatalog(olive);
    adam = await joined('adam', 'admin');
    permissionsOf = async (roleKey) => {
      const role = (await roles()).find((entry) => entry.key === roleKey);
      if (!role) throw new Error(`no role "${roleKey}"`);
      return role.permissions;
    };
  });

  afterAll(async () => {
    await keel?.stop();
  });

  describe('the reported attack: an admin writes a role holding workspace:delete and takes it', () => {
    it('should fail at the role (422 naming permissions), so the admin cannot take it nor delete the workspace', async () => {
      const created = await createRole(adam, {
        key: 'workspace-deleter',
        name: 'Workspace deleter',
        permissions: ['workspace:read', 'workspace:delete', 'members:read'],
      });
      const taken = await changeRole(adam, adam.userId, 'workspace-deleter');
      const deleted = await answerOf(
        adam.client.DELETE('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId } } }),
      );

      const problem = expectProblem(created, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.detail).toContain('workspace:delete');
      expect(problem.errors).toEqual([
        expect.objectContaining({
          field: 'permissions[1]',
          rule: 'notOwnerOnly',
          message: expect.stringContaining('workspace:delete'),
        }),
      ]);
      expect((await roles()).map((role) => role.key)).not.toContain('workspace-deleter');
      expectProblem(taken, { status: 422, code: 'VALIDATION_FAILED' });
      expect(await roleOf(adam.userId)).toBe('admin');
      expectPermissionDenied(deleted, 'workspace:delete');
      const workspace = await answerOf(
        olive.client.GET('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId } } }),
      );
      expect(bodyOf(workspace, 200)).toMatchObject({ id: workspaceId, name: 'Escalation Works' });
      const rows = await keel.database.dataSource.query(`SELECT id FROM workspaces WHERE id = $1`, [workspaceId]);
      expect(rows).toHaveLength(1);
    });

    it('should keep every owner-only permission out of every custom role, the owner’s included, on create and on update', async () => {
      const transfer = await createRole(adam, { key: 'heir', name: 'Heir', permissions: ['ownership:transfer'] });
      const byOwner = await createRole(olive, {
        key: 'heir',
        name: 'Heir',
        permissions: ['members:read', ...OWNER_ONLY_PERMISSIONS],
      });
      const helper = await makeRole(olive, 'helper', ['members:read']);
      const widened = await updateRole(olive, helper.id, { permissions: ['members:read', 'workspace:delete'] });

      expect(expectProblem(transfer, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'permissions[0]', rule: 'notOwnerOnly' }),
      ]);
      expect(expectProblem(byOwner, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual(
        OWNER_ONLY_PERMISSIONS.map((_permission, index) =>
          expect.objectContaining({ field: `permissions[${index + 1}]`, rule: 'notOwnerOnly' }),
        ),
      );
      expect(expectProblem(widened, { status: 422, code: 'VALIDATION_FAILED' }).errors).toEqual([
        expect.objectContaining({ field: 'permissions[1]', rule: 'notOwnerOnly' }),
      ]);
      expect(await permissionsOf('helper')).toEqual(['members:read']);
      expect((await roles()).map((role) => role.key)).not.toContain('heir');
    });
  });

  describe('writing custom roles', () => {
    let rita: SignedInPerson;
    const ritaHolds = ['workspace:read', 'members:read', 'roles:read', 'roles:write'];

    beforeAll(async () => {
      await makeRole(olive, 'role-editor', ritaHolds);
      rita = await joined('rita', 'role-editor');
    });

    it('should let an admin write a role within their permissions, and the owner one with all but the owner-only ones', async () => {
      const support = await makeRole(adam, 'support', ['members:read', 'invites:write', 'audit:read']);
      const deputy = await makeRole(
        olive,
        'deputy',
        catalog.filter((permission) => !OWNER_ONLY_PERMISSIONS.includes(permission)),
      );

      expect(support.permissions).toEqual(['audit:read', 'invites:write', 'members:read']);
      expect([...deputy.permissions].sort()).toEqual([...(await permissionsOf('admin'))].sort());
    });

    it('should refuse a role holding a permission its writer lacks with 403 naming it, and makes nothing', async () => {
      const beyond = await createRole(rita, {
        key: 'auditor',
        name: 'Auditor',
        permissions: ['members:read', 'members:update', 'audit:read'],
      });
      const within = await createRole(rita, { key: 'reader', name: 'Reader', permissions: ['members:read'] });

      const problem = expectPermissionDenied(beyond, 'members:update');
      expect(problem.detail).toContain('audit:read');
      expect((await roles()).map((role) => role.key)).not.toContain('auditor');
      expect(bodyOf(within, 201)).toMatchObject({ key: 'reader', permissions: ['members:read'] });
    });

    it('should refuse to change the permissions of a role that holds what its editor lacks, or to add such a permission', async () => {
      const support = (await roles()).find((role) => role.key === 'support');
      const reader = (await roles()).find((role) => role.key === 'reader');
      if (!support || !reader) throw new Error('the roles of the previous tests are missing');

      const narrowed = await updateRole(rita, support.id, { permissions: ['members:read'] });
      const widened = await updateRole(rita, reader.id, { permissions: ['members:read', 'api-keys:read'] });
      const renamed = await updateRole(rita, support.id, { name: 'Support desk' });
      const narrowedByOwner = await updateRole(olive, support.id, { permissions: ['members:read', 'audit:read'] });

      expectPermissionDenied(narrowed, firstLacking(ritaHolds, support.permissions));
      expectPermissionDenied(widened, 'api-keys:read');
      expect(bodyOf(renamed, 200)).toMatchObject({ name: 'Support desk' });
      expect(bodyOf(narrowedByOwner, 200)).toMatchObject({ permissions: ['audit:read', 'members:read'] });
      expect(await permissionsOf('reader')).toEqual(['members:read']);
    });

    it('should take an API key’s scopes as what it holds', async () => {
      const key = await createApiKey(olive, workspaceId, 'roles bot', ['members:read', 'roles:write']);
      const bot = { client: clientAs(baseUrl, key.key) };

      const beyond = await createRole(bot, {
        key: 'bot-manager',
        name: 'Bot manager',
        permissions: ['members:update'],
      });
      const within = await createRole(bot, { key: 'bot-reader', name: 'Bot reader', permissions: ['members:read'] });

      expectPermissionDenied(beyond, 'members:update');
      expect(bodyOf(within, 201)).toMatchObject({ key: 'bot-reader', permissions: ['members:read'] });
    });
  });

  describe('granting and taking away roles', () => {
    let max: SignedInPerson;
    let maxHolds: string[];

    beforeAll(async () => {
      // Runs the team's everyday membership: every permission of member (and so of viewer), and changing members.
      maxHolds = [...(await permissionsOf('member')), 'members:update', 'members:remove', 'invites:write'];
      await makeRole(olive, 'people-manager', maxHolds);
      max = await joined('max', 'people-manager');
      await makeRole(olive, 'triage', ['members:read', 'invites:read', 'audit:read']);
    });

    it('should let an admin do the everyday things: invite, make a member a viewer, an admin, or give a custom role', async () => {
      const mia = await joined('mia', 'member');
      const email = uniqueEmail('newcomer');

      const invited = await invite(adam, workspaceId, email, 'member');
      const toViewer = await changeRole(adam, mia.userId, 'viewer');
      const toTriage = await changeRole(adam, mia.userId, 'triage');
      const toAdmin = await changeRole(adam, mia.userId, 'admin');
      const removed = await removeMember(adam, mia.userId);

      expect(bodyOf(invited, 201)).toMatchObject({ email, role: 'member', status: 'pending' });
      expect(bodyOf(toViewer, 200)).toMatchObject({ userId: mia.userId, role: 'viewer' });
      expect(bodyOf(toTriage, 200)).toMatchObject({ role: 'triage' });
      expect(bodyOf(toAdmin, 200)).toMatchObject({ role: 'admin' });
      expect(removed.status).toBe(204);
    });

    it('should refuse an admin the owner role, by role change and by invite, and any change to an owner', async () => {
      const mia = await joined('mia', 'member');
      const email = uniqueEmail('would-be-owner');

      expectPermissionDenied(await changeRole(adam, mia.userId, 'owner'), 'ownership:transfer');
      expectPermissionDenied(await changeRole(adam, adam.userId, 'owner'), 'ownership:transfer');
      expectPermissionDenied(await invite(adam, workspaceId, email, 'owner'), 'ownership:transfer');
      expectPermissionDenied(await changeRole(adam, olive.userId, 'admin'), 'ownership:transfer');
      expectPermissionDenied(await removeMember(adam, olive.userId), 'ownership:transfer');

      expect(await roleOf(mia.userId)).toBe('member');
      expect(await roleOf(adam.userId)).toBe('admin');
      expect(await roleOf(olive.userId)).toBe('owner');
      expect(await invitedEmails()).not.toContain(email);
    });

    it('should refuse a role holding what the granter lacks, by role change (theirs too), invite and resend, naming the first', async () => {
      const mia = await joined('mia', 'member');
      const email = uniqueEmail('would-be-admin');
      const adminLacking = firstLacking(maxHolds, await permissionsOf('admin'));
      const offered = await createInvite(olive, workspaceId, uniqueEmail('offered-admin'), 'admin');

      expectPermissionDenied(await changeRole(max, mia.userId, 'admin'), adminLacking);
      expectPermissionDenied(await changeRole(max, max.userId, 'admin'), adminLacking);
      expectPermissionDenied(await changeRole(max, mia.userId, 'triage'), 'audit:read');
      expectPermissionDenied(await invite(max, workspaceId, email, 'admin'), adminLacking);
      expectPermissionDenied(await invite(max, workspaceId, email, 'triage'), 'audit:read');
      expectPermissionDenied(await resend(max, offered.id), adminLacking);

      expect(await roleOf(mia.userId)).toBe('member');
      expect(await roleOf(max.userId)).toBe('people-manager');
      expect(await invitedEmails()).not.toContain(email);
      expect(bodyOf(await resend(olive, offered.id), 200)).toMatchObject({ id: offered.id, role: 'admin' });
    });

    it('should refuse to take away a role holding what the caller lacks: a people manager neither demotes nor removes an admin', async () => {
      const adminLacking = firstLacking(maxHolds, await permissionsOf('admin'));

      expectPermissionDenied(await changeRole(max, adam.userId, 'viewer'), adminLacking);
      expectPermissionDenied(await removeMember(max, adam.userId), adminLacking);

      expect(await roleOf(adam.userId)).toBe('admin');
    });

    it('should let a people manager move people between roles within their permissions, invite them and remove them', async () => {
      const nia = await joined('nia', 'member');
      const email = uniqueEmail('viewer-to-be');

      expect(bodyOf(await changeRole(max, nia.userId, 'viewer'), 200)).toMatchObject({ role: 'viewer' });
      expect(bodyOf(await changeRole(max, nia.userId, 'member'), 200)).toMatchObject({ role: 'member' });
      expect(bodyOf(await invite(max, workspaceId, email, 'viewer'), 201)).toMatchObject({ email, role: 'viewer' });
      expect((await removeMember(max, nia.userId)).status).toBe(204);
    });

    it('should hold an API key to its scopes when it grants or takes away a role', async () => {
      const nia = await joined('nia', 'member');
      const narrow = await createApiKey(olive, workspaceId, 'narrow bot', ['members:read', 'members:update']);
      const broad = await createApiKey(olive, workspaceId, 'people bot', maxHolds);

      const byNarrow = await changeRole({ client: clientAs(baseUrl, narrow.key) }, nia.userId, 'viewer');
      const byBroad = await changeRole({ client: clientAs(baseUrl, broad.key) }, nia.userId, 'viewer');
      const adminByBroad = await changeRole({ client: clientAs(baseUrl, broad.key) }, nia.userId, 'admin');

      expectPermissionDenied(byNarrow, firstLacking(['members:read', 'members:update'], await permissionsOf('viewer')));
      expect(bodyOf(byBroad, 200)).toMatchObject({ role: 'viewer' });
      expectPermissionDenied(adminByBroad, firstLacking(maxHolds, await permissionsOf('admin')));
      expect(await roleOf(nia.userId)).toBe('viewer');
    });

    it('should let the owner grant and take away any role, the owner role included', async () => {
      const nia = await joined('nia', 'member');
      const email = uniqueEmail('co-owner');

      expect(bodyOf(await changeRole(olive, nia.userId, 'admin'), 200)).toMatchObject({ role: 'admin' });
      expect(bodyOf(await changeRole(olive, nia.userId, 'deputy'), 200)).toMatchObject({ role: 'deputy' });
      expect(bodyOf(await changeRole(olive, nia.userId, 'owner'), 200)).toMatchObject({ role: 'owner' });
      expect(bodyOf(await changeRole(olive, nia.userId, 'viewer'), 200)).toMatchObject({ role: 'viewer' });
      expect(bodyOf(await invite(olive, workspaceId, email, 'owner'), 201)).toMatchObject({ email, role: 'owner' });
      expect(bodyOf(await changeRole(olive, max.userId, 'triage'), 200)).toMatchObject({ role: 'triage' });
      expect((await removeMember(olive, nia.userId)).status).toBe(204);
    });

    it('should give the holder of a custom role saved before this rule with owner-only permissions none of them: deleting the workspace stays 403', async () => {
      const legacyId = randomUUID();
      await keel.database.dataSource.query(
        `INSERT INTO roles (workspace_id, id, key, name, description, permissions, built_in)
         VALUES ($1, $2, 'legacy-owner-ish', 'Legacy owner-ish', '', $3, false)`,
        [workspaceId, legacyId, ['workspace:read', 'workspace:delete', 'ownership:transfer']],
      );
      const nina = await joined('nina', 'member');
      // It confers nothing the admin lacks, so the admin may hand it out.
      bodyOf(await changeRole(adam, nina.userId, 'legacy-owner-ish'), 200);

      const deletion = await answerOf(
        nina.client.DELETE('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId } } }),
      );

      expectPermissionDenied(deletion, 'workspace:delete');
      expect(
        (await answerOf(olive.client.GET('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId } } })))
          .status,
      ).toBe(200);
    });
  });
});
