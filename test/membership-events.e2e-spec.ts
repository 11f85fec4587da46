/**
 * Membership and API key changes are domain events, so rules and webhooks can
 * act on them: each is in the catalog with its schema, and each change writes
 * its event, with the actor who made it, in the workspace's event feed.
 */
import { answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { addMember, createApiKey, createInvite, acceptInvite, createWorkspace } from './support/keel-tenants';
import { SignedInPerson, signUp, uniqueEmail } from './support/keel-people';

type Event = Schema<'EventResponse'>;

const TENANCY_TYPES = [
  'api_key.created',
  'api_key.revoked',
  'invite.accepted',
  'member.added',
  'member.removed',
  'member.role_changed',
];

describe('membership and API key events', () => {
  let keel: KeelOnTestDatabase;
  let owner: SignedInPerson;
  let workspaceId: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    owner = await signUp(keel.keel.url, 'member-events-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Member Events' })).id;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  async function eventsOfType(type: string): Promise<Event[]> {
    const answer = await answerOf(
      owner.client.GET('/v1/workspaces/{workspaceId}/events', {
        params: { path: { workspaceId }, query: { type, limit: 100 } },
      }),
    );
    return bodyOf(answer, 200).data;
  }

  it('should list each type in the catalog, at version 1, with the JSON Schema of its data', async () => {
    const catalog = bodyOf(await answerOf(owner.client.GET('/v1/event-types')), 200).data;
    for (const type of TENANCY_TYPES) {
      const entry = catalog.find((candidate) => candidate.type === type);
      expect(entry).toMatchObject({ type, version: 1, schema: { type: 'object' } });
    }
  });

  it('should say who created the workspace: member.added, via workspace_created', async () => {
    const [added] = await eventsOfType('member.added');
    expect(added).toMatchObject({
      type: 'member.added',
      version: 1,
      actor: { type: 'user', id: owner.userId },
      data: {
        member: { userId: owner.userId, email: owner.email, name: owner.name, role: 'owner' },
        via: 'workspace_created',
        inviteId: null,
      },
    });
  });

  it('should publish invite.accepted and member.added when an invite is accepted, as the person who joined', async () => {
    const email = uniqueEmail('member-events-joiner');
    const created = await createInvite(owner, workspaceId, email, 'viewer');
    const joiner = await signUp(keel.keel.url, 'joiner', { email, name: 'Joiner e2e' });
    bodyOf(await acceptInvite(joiner, created.token), 200);

    const accepted = await eventsOfType('invite.accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({
      actor: { type: 'user', id: joiner.userId },
      data: {
        invite: { id: created.id, email, role: 'viewer', invitedBy: owner.userId },
        member: { userId: joiner.userId, email, name: 'Joiner e2e', role: 'viewer' },
      },
    });
    const added = (await eventsOfType('member.added')).find((event) => event.data['via'] === 'invite');
    expect(added).toMatchObject({
      actor: { type: 'user', id: joiner.userId },
      data: { member: { userId: joiner.userId, role: 'viewer' }, inviteId: created.id },
    });
  });

  it("should publish member.role_changed with the old and new role when a member's role changes", async () => {
    const member = await addMember(keel.keel.url, owner, workspaceId, {
      email: uniqueEmail('member-events-promoted'),
      name: 'Promoted e2e',
      role: 'member',
    });
    const answer = await answerOf(
      owner.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId: member.userId } },
        body: { role: 'admin' },
      }),
    );
    bodyOf(answer, 200);
    const changed = await eventsOfType('member.role_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      data: { member: { userId: member.userId, email: member.email, role: 'admin' }, from: 'member' },
    });
  });

  it('should publish member.removed for a removal and for someone leaving, with the role they held', async () => {
    const removed = await addMember(keel.keel.url, owner, workspaceId, {
      email: uniqueEmail('member-events-removed'),
      name: 'Removed e2e',
      role: 'member',
    });
    const leaving = await addMember(keel.keel.url, owner, workspaceId, {
      email: uniqueEmail('member-events-leaving'),
      name: 'Leaving e2e',
      role: 'viewer',
    });
    const removal = await answerOf(
      owner.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId: removed.userId } },
      }),
    );
    expect(removal.status).toBe(204);
    const leave = await answerOf(
      leaving.client.DELETE('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId: leaving.userId } },
      }),
    );
    expect(leave.status).toBe(204);

    const events = await eventsOfType('member.removed');
    const byMember = new Map(events.map((event) => [(event.data['member'] as { userId: string }).userId, event]));
    expect(byMember.get(removed.userId)).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      data: { member: { userId: removed.userId, email: removed.email, role: 'member' }, left: false },
    });
    expect(byMember.get(leaving.userId)).toMatchObject({
      actor: { type: 'user', id: leaving.userId },
      data: { member: { userId: leaving.userId, role: 'viewer' }, left: true },
    });
  });

  it('should publish api_key.created (never with the secret) and api_key.revoked', async () => {
    const key = await createApiKey(owner, workspaceId, 'CI key', ['projects:read']);
    const revoked = await answerOf(
      owner.client.DELETE('/v1/workspaces/{workspaceId}/api-keys/{keyId}', {
        params: { path: { workspaceId, keyId: key.id } },
      }),
    );
    expect(revoked.status).toBe(204);

    const [created] = await eventsOfType('api_key.created');
    expect(created).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      data: {
        apiKey: {
          id: key.id,
          name: 'CI key',
          prefix: key.prefix,
          scopes: ['projects:read'],
          expiresAt: null,
          createdBy: owner.userId,
        },
      },
    });
    expect(JSON.stringify(created)).not.toContain(key.key);
    const [revokedEvent] = await eventsOfType('api_key.revoked');
    expect(revokedEvent).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      data: { apiKey: { id: key.id, name: 'CI key', prefix: key.prefix } },
    });
  });

  it('should write no event for a change that was refused', async () => {
    const before = await eventsOfType('member.role_changed');
    const refused = await answerOf(
      owner.client.PATCH('/v1/workspaces/{workspaceId}/members/{userId}', {
        params: { path: { workspaceId, userId: owner.userId } },
        body: { role: 'viewer' },
      }),
    );
    expect(refused.status).toBe(409);
    expect(await eventsOfType('member.role_changed')).toHaveLength(before.length);
  });
});
