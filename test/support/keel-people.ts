import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { createKeelClient, KeelClient } from '@keel/sdk';
import { Answer, answerOf, bodyOf, Schema } from './keel-answers';
import { pollUntil } from './poll';

/** Someone with a Keel account, signed in: one session, its tokens, and a client speaking as them. */
export interface SignedInPerson {
  userId: string;
  email: string;
  name: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** The id of the session the access token belongs to (its `sid` claim). */
  sessionId: string;
  client: KeelClient;
}

/** An address nobody else in the run has: `<label>-<random>@example.com`. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

/** Long, random, and on no common-password list. */
export function strongPassword(): string {
  return `keel e2e ${randomBytes(8).toString('hex')} passphrase`;
}

/** The session id an access token speaks for. */
export function sessionIdOf(accessToken: string): string {
  const { sid } = decodeJwt(accessToken);
  if (typeof sid !== 'string')
    throw new Error(`the access token names no session: ${JSON.stringify(decodeJwt(accessToken))}`);
  return sid;
}

export function clientAs(baseUrl: string, accessToken?: string): KeelClient {
  return createKeelClient({ baseUrl, accessToken });
}

function personFrom(baseUrl: string, pair: Schema<'TokenPairResponse'>, password: string): SignedInPerson {
  return {
    userId: pair.user.id,
    email: pair.user.email,
    name: pair.user.name,
    password,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    sessionId: sessionIdOf(pair.accessToken),
    client: clientAs(baseUrl, pair.accessToken),
  };
}

/**
 * Signs up through POST /v1/auth/signup (201 expected): with a fresh address
 * and a strong password of its own unless given, named `<label> e2e` unless
 * a name is given.
 */
export async function signUp(
  baseUrl: string,
  label: string,
  account: { email?: string; password?: string; name?: string } = {},
): Promise<SignedInPerson> {
  const password = account.password ?? strongPassword();
  const body = { email: account.email ?? uniqueEmail(label), password, name: account.name ?? `${label} e2e` };
  const answer = await answerOf(clientAs(baseUrl).POST('/v1/auth/signup', { body }));
  return personFrom(baseUrl, bodyOf(answer, 201), password);
}

/** Opens another session for an existing account through POST /v1/auth/login (200 expected). */
export async function logIn(baseUrl: string, email: string, password: string): Promise<SignedInPerson> {
  const answer = await answerOf(clientAs(baseUrl).POST('/v1/auth/login', { body: { email, password } }));
  const body = bodyOf(answer, 200);
  if (!('accessToken' in body)) throw new Error(`${email} has MFA on: the sign-in asks for a second step`);
  return personFrom(baseUrl, body, password);
}

export function getMe(baseUrl: string, accessToken: string): Promise<Answer<Schema<'MeResponse'>>> {
  return answerOf(clientAs(baseUrl, accessToken).GET('/v1/me'));
}

export function refresh(baseUrl: string, refreshToken: string): Promise<Answer<Schema<'TokenPairResponse'>>> {
  return answerOf(clientAs(baseUrl).POST('/v1/auth/refresh', { body: { refreshToken } }));
}

/**
 * GET /v1/me with `accessToken` until it is refused (a revoked session's
 * access token may live on for a few seconds by design), within 10 s.
 */
export function meUntilRefused(baseUrl: string, accessToken: string): Promise<Answer<Schema<'MeResponse'>>> {
  return pollUntil(
    'GET /v1/me refused for a token of an ended session',
    () => getMe(baseUrl, accessToken),
    (answer) => answer.status === 401,
    { timeoutMs: 10_000, intervalMs: 250 },
  );
}
