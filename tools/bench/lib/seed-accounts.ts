import { randomBytes } from 'node:crypto';
import { createKeelClient } from '@keel/sdk';
import { inBatches } from './in-batches';
import type { BenchAccount } from './scenarios';

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The body of a 2xx answer; fails the set-up with what came back otherwise. */
async function expectData(call: Promise<SdkResult>, what: string): Promise<unknown> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined || data === null) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  }
  return data;
}

/** The string at `path` in a JSON body, checked: the bench must not run on a misread seed. */
export function stringAt(body: unknown, ...path: string[]): string {
  let value: unknown = body;
  for (const key of path) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value !== 'string') throw new Error(`Expected a string at ${path.join('.')} of ${JSON.stringify(body)}`);
  return value;
}

/**
 * A few at a time: every sign-up hashes a password (argon2id), so more in
 * parallel only queue in the API's thread pool.
 */
const SIGN_UP_CONCURRENCY = 4;

/**
 * Accounts made the way real ones are: signed up through the API, each then
 * creating its workspaces (and so owning them), so every row — users,
 * sessions, workspaces, roles, memberships, audit events — is what the API
 * itself writes. One password for the run, random, so it is not a common one.
 */
export async function seedAccounts(apiUrl: string, users: number, workspacesPerUser: number): Promise<BenchAccount[]> {
  const run = randomBytes(4).toString('hex');
  const password = `keel bench ${randomBytes(12).toString('base64url')}`;
  const anonymous = createKeelClient({ baseUrl: apiUrl });
  return inBatches(users, SIGN_UP_CONCURRENCY, async (index) => {
    const email = `bench-${run}-${index + 1}@example.com`;
    const signedUp = await expectData(
      anonymous.POST('/v1/auth/signup', { body: { email, password, name: `Bench user ${index + 1}` } }),
      `signing up ${email}`,
    );
    const client = createKeelClient({ baseUrl: apiUrl, accessToken: stringAt(signedUp, 'accessToken') });
    const workspaceIds: string[] = [];
    for (let w = 0; w < workspacesPerUser; w += 1) {
      const workspace = await expectData(
        client.POST('/v1/workspaces', { body: { name: `Bench workspace ${index + 1}.${w + 1}` } }),
        `creating a workspace for ${email}`,
      );
      workspaceIds.push(stringAt(workspace, 'id'));
    }
    return {
      userId: stringAt(signedUp, 'user', 'id'),
      email,
      password,
      accessToken: stringAt(signedUp, 'accessToken'),
      refreshToken: stringAt(signedUp, 'refreshToken'),
      workspaceIds,
    };
  });
}

/**
 * New access tokens for the same sessions (POST /v1/auth/refresh), so a
 * scenario never runs into the 15-minute token lifetime however long the run
 * before it took. Sessions stay the same, so do the session caches' keys.
 */
export async function refreshAccessTokens(apiUrl: string, accounts: BenchAccount[]): Promise<BenchAccount[]> {
  const anonymous = createKeelClient({ baseUrl: apiUrl });
  return inBatches(accounts.length, SIGN_UP_CONCURRENCY, async (index) => {
    const account = accounts[index];
    const pair = await expectData(
      anonymous.POST('/v1/auth/refresh', { body: { refreshToken: account.refreshToken } }),
      `refreshing the tokens of ${account.email}`,
    );
    return { ...account, accessToken: stringAt(pair, 'accessToken'), refreshToken: stringAt(pair, 'refreshToken') };
  });
}
