import { Answer, answerOf, bodyOf, Schema } from './keel-answers';
import { SignedInPerson, signUp } from './keel-people';

/** POST /v1/workspaces (201 expected): `by` becomes its owner. */
export async function createWorkspace(
  by: SignedInPerson,
  body: Schema<'CreateWorkspaceDto'>,
): Promise<Schema<'WorkspaceResponse'>> {
  return bodyOf(await answerOf(by.client.POST('/v1/workspaces', { body })), 201);
}

/** POST /v1/workspaces/{workspaceId}/invites, whatever it answers. */
export function invite(
  by: SignedInPerson,
  workspaceId: string,
  email: string,
  role: string,
): Promise<Answer<Schema<'CreatedInviteResponse'>>> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/invites', {
      params: { path: { workspaceId } },
      body: { email, role },
    }),
  );
}

/** An invite `by` made (201 expected), token included. */
export async function createInvite(
  by: SignedInPerson,
  workspaceId: string,
  email: string,
  role: string,
): Promise<Schema<'CreatedInviteResponse'>> {
  return bodyOf(await invite(by, workspaceId, email, role), 201);
}

/** POST /v1/invites/accept as `person`, whatever it answers. */
export function acceptInvite(person: SignedInPerson, token: string): Promise<Answer<Schema<'AcceptedInviteResponse'>>> {
  return answerOf(person.client.POST('/v1/invites/accept', { body: { token } }));
}

/** Signs up `email` and has them accept an invite with `role`: a member as real ones become one. */
export async function addMember(
  baseUrl: string,
  owner: SignedInPerson,
  workspaceId: string,
  member: { email: string; name: string; role: string },
): Promise<SignedInPerson> {
  const { token } = await createInvite(owner, workspaceId, member.email, member.role);
  const person = await signUp(baseUrl, member.name, { email: member.email, name: member.name });
  bodyOf(await acceptInvite(person, token), 200);
  return person;
}

/** An API key `by` made for the workspace (201 expected), its secret `key` included. */
export async function createApiKey(
  by: SignedInPerson,
  workspaceId: string,
  name: string,
  scopes: string[],
): Promise<Schema<'CreatedApiKeyResponse'>> {
  const answer = await answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
      params: { path: { workspaceId } },
      body: { name, scopes },
    }),
  );
  return bodyOf(answer, 201);
}

/** Every permission of the catalog (GET /v1/permissions). */
export async function permissionCatalog(person: SignedInPerson): Promise<string[]> {
  const catalog = bodyOf(await answerOf(person.client.GET('/v1/permissions')), 200);
  return catalog.data.map((entry) => entry.permission);
}

/** A workspace with one of everything a workspace holds, made through the API. */
export interface PopulatedWorkspace {
  id: string;
  name: string;
  slug: string;
  owner: SignedInPerson;
  /** Joined by accepting an invite, with the role "member". */
  member: SignedInPerson;
  /** Not accepted yet: it can still be resent or revoked. */
  pendingInvite: Schema<'InviteResponse'>;
  /** Held by nobody and named by no invite: it could be deleted. */
  customRole: Schema<'RoleResponse'>;
  apiKey: Schema<'CreatedApiKeyResponse'>;
}

/**
 * Makes a workspace named after `label` (a lower-case word, unique in the
 * database), every name, address and key in it carrying the label so a
 * response that leaks one is easy to spot.
 */
export async function populateWorkspace(baseUrl: string, label: string): Promise<PopulatedWorkspace> {
  const title = label[0].toUpperCase() + label.slice(1);
  const owner = await signUp(baseUrl, `${label}-owner`, {
    email: `${label}-owner@example.com`,
    name: `${title} Owner`,
  });
  const { id, name, slug } = await createWorkspace(owner, { name: `${title} Works`, slug: `${label}-works` });

  const member = await addMember(baseUrl, owner, id, {
    email: `${label}-member@example.com`,
    name: `${title} Member`,
    role: 'member',
  });
  const pendingInvite = await createInvite(owner, id, `${label}-invitee@example.com`, 'member');

  const role = await answerOf(
    owner.client.POST('/v1/workspaces/{workspaceId}/roles', {
      params: { path: { workspaceId: id } },
      body: { key: `${label}-auditor`, name: `${title} Auditor`, permissions: ['audit:read'] },
    }),
  );
  const customRole = bodyOf(role, 201);
  const apiKey = await createApiKey(owner, id, `${title} deploy key`, ['members:read']);

  return { id, name, slug, owner, member, pendingInvite, customRole, apiKey };
}
