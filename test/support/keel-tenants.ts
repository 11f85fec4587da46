import { createKeelClient, KeelClient } from '@keel/sdk';

/** Every account of these suites has this password: long enough, and not a common one. */
export const TEST_PASSWORD = 'correct horse battery staple 7';

export type JsonObject = Record<string, unknown>;

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The body of an SDK call that had to answer `status`; fails the set-up with what it got otherwise. */
export async function answered(call: Promise<SdkResult>, status: number, what: string): Promise<JsonObject> {
  const { data, error, response } = await call;
  const body = data ?? error;
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(body)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`${what}: expected a JSON object, got ${JSON.stringify(body)}`);
  }
  return body as JsonObject;
}

/** The string at `path` in a JSON body; fails naming the path when it is not one. */
export function stringAt(body: unknown, ...path: string[]): string {
  let value: unknown = body;
  for (const key of path) {
    value = typeof value === 'object' && value !== null ? (value as JsonObject)[key] : undefined;
  }
  if (typeof value !== 'string') throw new Error(`Expected a string at ${path.join('.')} of ${JSON.stringify(body)}`);
  return value;
}

export interface Account {
  id: string;
  email: string;
  name: string;
  accessToken: string;
  /** The SDK client signed in as this account. */
  client: KeelClient;
}

export async function signUp(baseUrl: string, email: string, name: string): Promise<Account> {
  const body = await answered(
    createKeelClient({ baseUrl }).POST('/v1/auth/signup', { body: { email, password: TEST_PASSWORD, name } }),
    201,
    `signing up ${email}`,
  );
  const accessToken = stringAt(body, 'accessToken');
  return {
    id: stringAt(body, 'user', 'id'),
    email,
    name,
    accessToken,
    client: createKeelClient({ baseUrl, accessToken }),
  };
}

export interface CreatedInvite {
  id: string;
  email: string;
  token: string;
}

export async function invite(owner: Account, workspaceId: string, email: string, role: string): Promise<CreatedInvite> {
  const body = await answered(
    owner.client.POST('/v1/workspaces/{workspaceId}/invites', {
      params: { path: { workspaceId } },
      body: { email, role },
    }),
    201,
    `inviting ${email} as ${role}`,
  );
  return { id: stringAt(body, 'id'), email, token: stringAt(body, 'token') };
}

/** Signs up `email` and has them accept an invite with `role`: a member as real ones become one. */
export async function addMember(
  baseUrl: string,
  owner: Account,
  workspaceId: string,
  member: { email: string; name: string; role: string },
): Promise<Account> {
  const { token } = await invite(owner, workspaceId, member.email, member.role);
  const account = await signUp(baseUrl, member.email, member.name);
  await answered(account.client.POST('/v1/invites/accept', { body: { token } }), 200, `${member.email} accepting`);
  return account;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  /** The secret, sent as `Authorization: Bearer <key>`. */
  key: string;
}

export async function createApiKey(
  owner: Account,
  workspaceId: string,
  name: string,
  scopes: string[],
): Promise<CreatedApiKey> {
  const body = await answered(
    owner.client.POST('/v1/workspaces/{workspaceId}/api-keys', {
      params: { path: { workspaceId } },
      body: { name, scopes },
    }),
    201,
    `creating the API key ${name}`,
  );
  return { id: stringAt(body, 'id'), name, prefix: stringAt(body, 'prefix'), key: stringAt(body, 'key') };
}

/** Every permission of the catalog (GET /v1/permissions). */
export async function permissionCatalog(account: Account): Promise<string[]> {
  const body = await answered(account.client.GET('/v1/permissions'), 200, 'reading the permission catalog');
  const data = body['data'];
  if (!Array.isArray(data)) throw new Error(`GET /v1/permissions: no data list in ${JSON.stringify(body)}`);
  return data.map((entry: unknown) => stringAt(entry, 'permission'));
}

/** A workspace with one of everything a workspace holds, made through the API. */
export interface PopulatedWorkspace {
  id: string;
  name: string;
  slug: string;
  owner: Account;
  /** Joined by accepting an invite, with the role "member". */
  member: Account;
  /** Not accepted yet: it can still be resent or revoked. */
  pendingInvite: { id: string; email: string };
  /** Held by nobody and named by no invite: it could be deleted. */
  customRole: { id: string; key: string; name: string };
  apiKey: CreatedApiKey;
}

/**
 * Makes a workspace named after `label` (a lower-case word, unique in the
 * database), every name, address and key in it carrying the label so a
 * response that leaks one is easy to spot.
 */
export async function populateWorkspace(baseUrl: string, label: string): Promise<PopulatedWorkspace> {
  const title = label[0].toUpperCase() + label.slice(1);
  const owner = await signUp(baseUrl, `${label}-owner@example.com`, `${title} Owner`);
  const name = `${title} Works`;
  const slug = `${label}-works`;
  const workspace = await answered(
    owner.client.POST('/v1/workspaces', { body: { name, slug } }),
    201,
    `creating ${name}`,
  );
  const id = stringAt(workspace, 'id');

  const member = await addMember(baseUrl, owner, id, {
    email: `${label}-member@example.com`,
    name: `${title} Member`,
    role: 'member',
  });
  const pending = await invite(owner, id, `${label}-invitee@example.com`, 'member');

  const roleKey = `${label}-auditor`;
  const roleName = `${title} Auditor`;
  const role = await answered(
    owner.client.POST('/v1/workspaces/{workspaceId}/roles', {
      params: { path: { workspaceId: id } },
      body: { key: roleKey, name: roleName, permissions: ['audit:read'] },
    }),
    201,
    `creating the role ${roleKey}`,
  );
  const apiKey = await createApiKey(owner, id, `${title} deploy key`, ['members:read']);

  return {
    id,
    name,
    slug,
    owner,
    member,
    pendingInvite: { id: pending.id, email: pending.email },
    customRole: { id: stringAt(role, 'id'), key: roleKey, name: roleName },
    apiKey,
  };
}
