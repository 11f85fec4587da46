import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { emailKey } from '@keel/identity';
import { generateApiKey, SecretBox, sha256Hex } from '@keel/platform-crypto';
import {
  currentSigningKey,
  publicKeyAsHmacSecrets,
  signAccessToken,
  SigningKeyInHand,
  unsecuredToken,
  withPayload,
} from './support/access-token-forgery';
import { Answer, answerOf, bodyOf, Schema } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import {
  clientAs,
  getMe,
  logIn,
  meUntilRefused,
  refresh,
  sessionIdOf,
  SignedInPerson,
  signUp,
  strongPassword,
  uniqueEmail,
} from './support/keel-people';
import { expectProblem } from './support/problem-details';
import { addMember, createWorkspace } from './support/keel-tenants';

const MASTER_KEY = SecretBox.generateKey();
const PUBLIC_URL = 'https://api.keel.test';
const FREE_ATTEMPTS_PER_ACCOUNT = 3;

/**
 * Every lock lasts an hour here, far longer than the suite: a lock never runs out on its own while a test
 * is looking at it, however loaded the machine; a test that needs one over moves it in the database.
 */
const FIRST_LOCK_SECONDS = 3600;

/**
 * What a client can tell from a sign-in answer: everything but the request id, which differs by design,
 * and how many seconds are left of a lock, which depends on when the answer was given, not on whom.
 */
function signInOutcome(answer: Answer): Record<string, unknown> {
  const body = typeof answer.body === 'object' && answer.body !== null ? { ...answer.body } : { body: answer.body };
  delete (body as { requestId?: unknown }).requestId;
  const retryAfter = answer.headers.get('retry-after');
  const seconds = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? 'N' : value);
  const problem = body as { retryAfterSeconds?: unknown; detail?: unknown };
  if ('retryAfterSeconds' in problem) problem.retryAfterSeconds = seconds(problem.retryAfterSeconds);
  if (typeof problem.detail === 'string') problem.detail = problem.detail.replace(/\d+ seconds/, 'N seconds');
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    retryAfter: retryAfter === null ? null : seconds(retryAfter),
    body,
  };
}

/** Moves a sign-in lock into the past, as waiting it out would: the next attempt is admitted. */
async function waitOutLock(keel: KeelOnTestDatabase, key: `account:${string}` | `address:${string}`): Promise<void> {
  await keel.database.dataSource.query(
    `UPDATE sign_in_throttles SET locked_until = clock_timestamp() - interval '1 millisecond' WHERE key_hash = $1`,
    [sha256Hex(key)],
  );
}

describe('authentication security of the built API', () => {
  /** Keel with 3 free sign-in attempts per account, hour-long locks and the longest refresh retry window (60 s). */
  let keel: KeelOnTestDatabase;
  /** Keel with 3 free attempts per client address, hour-long locks, no proxy trusted, and no refresh retry window. */
  let strictKeel: KeelOnTestDatabase;
  let baseUrl: string;
  let strictUrl: string;

  beforeAll(async () => {
    [keel, strictKeel] = await Promise.all([
      startKeelOnTestDatabase({
        KEEL_MASTER_KEY: MASTER_KEY,
        PUBLIC_URL,
        SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT: String(FREE_ATTEMPTS_PER_ACCOUNT),
        SIGN_IN_FIRST_LOCK_SECONDS: String(FIRST_LOCK_SECONDS),
        // A retry must land within the window however loaded the machine.
        REFRESH_RETRY_WINDOW_SECONDS: '60',
        // Every test here signs in from 127.0.0.1: the address must not be what locks them out.
        SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '1000',
      }),
      startKeelOnTestDatabase({
        KEEL_MASTER_KEY: MASTER_KEY,
        SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '3',
        SIGN_IN_FIRST_LOCK_SECONDS: String(FIRST_LOCK_SECONDS),
        TRUST_PROXY: 'false',
        REFRESH_RETRY_WINDOW_SECONDS: '0',
      }),
    ]);
    baseUrl = keel.keel.url;
    strictUrl = strictKeel.keel.url;
  });

  afterAll(async () => {
    await Promise.all([keel?.stop(), strictKeel?.stop()]);
  });

  function login(
    url: string,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ): Promise<Answer<Schema<'TokenPairResponse'>>> {
    // These accounts have no MFA: a sign-in is a token pair or a problem, never the 202 of a second step.
    return answerOf(clientAs(url).POST('/v1/auth/login', { body: { email, password }, headers })) as Promise<
      Answer<Schema<'TokenPairResponse'>>
    >;
  }

  describe('access tokens', () => {
    let ada: SignedInPerson;
    let claims: ReturnType<typeof decodeJwt>;
    let kid: string;
    let jwks: Schema<'SigningJwkResponse'>[];
    let keelKey: SigningKeyInHand;

    beforeAll(async () => {
      ada = await signUp(baseUrl, 'ada');
      claims = decodeJwt(ada.accessToken);
      const header = decodeProtectedHeader(ada.accessToken);
      if (typeof header.kid !== 'string') throw new Error('an access token without a kid');
      kid = header.kid;
      jwks = bodyOf(await answerOf(clientAs(baseUrl).GET('/.well-known/jwks.json')), 200).keys;
      keelKey = await currentSigningKey(keel.database, MASTER_KEY);
    });

    async function expectRefused(token: string): Promise<string> {
      const problem = expectProblem(await getMe(baseUrl, token), { status: 401, code: 'INVALID_TOKEN' });
      return problem.detail;
    }

    function nowSeconds(): number {
      return Math.floor(Date.now() / 1000);
    }

    it('should accept the access token Keel issued, which names its issuer, audience, user, session and key', async () => {
      expect(claims).toMatchObject({
        iss: PUBLIC_URL,
        aud: expect.anything(),
        sub: ada.userId,
        sid: ada.sessionId,
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(jwks.map((key) => key.kid)).toContain(kid);
      expect(bodyOf(await getMe(baseUrl, ada.accessToken), 200)).toMatchObject({ id: ada.userId });
    });

    it('should refuse a token whose header says alg none, with 401 INVALID_TOKEN', async () => {
      await expectRefused(unsecuredToken({ typ: 'JWT', kid }, claims));
      await expectRefused(
        unsecuredToken({ typ: 'JWT', kid }, claims).slice(0, -1) + '.' + ada.accessToken.split('.')[2],
      );
    });

    it('should refuse a token signed by a key Keel does not know, under that key’s own kid', async () => {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const strangerKid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');

      expect(jwks.map((key) => key.kid)).not.toContain(strangerKid);
      await expectRefused(await signAccessToken({ kid: strangerKid, privateKey }, claims));
    });

    it('should refuse a token signed by another key under the kid of Keel’s own key', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });

      await expectRefused(await signAccessToken({ kid, privateKey }, claims));
    });

    it('should refuse an HS256 token whose HMAC secret is Keel’s public key, in any of its usual forms', async () => {
      const publicJwk = jwks.find((key) => key.kid === kid);
      if (!publicJwk) throw new Error(`no key ${kid} in the JWKS`);

      for (const { form, secret } of publicKeyAsHmacSecrets(publicJwk)) {
        const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(secret);
        const answer = await getMe(baseUrl, token);
        expect({ form, status: answer.status }).toEqual({ form, status: 401 });
        expectProblem(answer, { status: 401, code: 'INVALID_TOKEN' });
      }
    });

    it('should refuse a genuine token whose claims were changed after signing', async () => {
      const grace = await signUp(baseUrl, 'grace');

      await expectRefused(withPayload(ada.accessToken, { ...claims, sub: grace.userId }));
    });

    it('should accept a token signed with Keel’s own key and the right claims: the forgeries below differ only in the claim named', async () => {
      const token = await signAccessToken(keelKey, { ...claims, iat: nowSeconds(), exp: nowSeconds() + 300 });

      expect(bodyOf(await getMe(baseUrl, token), 200)).toMatchObject({ id: ada.userId });
    });

    it('should refuse an expired token, with 401 INVALID_TOKEN', async () => {
      // Expired a minute ago: beyond any clock tolerance Keel allows.
      const token = await signAccessToken(keelKey, { ...claims, iat: nowSeconds() - 240, exp: nowSeconds() - 90 });

      expect(await expectRefused(token)).toMatch(/expired.*POST \/v1\/auth\/refresh/i);
    });

    it('should refuse a token from another issuer, with 401 INVALID_TOKEN', async () => {
      const token = await signAccessToken(keelKey, {
        ...claims,
        iss: 'https://other-keel.example.com',
        iat: nowSeconds(),
        exp: nowSeconds() + 300,
      });

      expect(await expectRefused(token)).toMatch(/\biss\b/);
    });

    it('should refuse a token for another audience, with 401 INVALID_TOKEN', async () => {
      const token = await signAccessToken(keelKey, {
        ...claims,
        aud: 'some-other-api',
        iat: nowSeconds(),
        exp: nowSeconds() + 300,
      });

      expect(await expectRefused(token)).toMatch(/\baud\b/);
    });

    it('should refuse a bearer that is not a token at all, with 401 INVALID_TOKEN', async () => {
      await expectRefused('not-a-token');
      await expectRefused('a.b.c');
    });

    it('should refuse a well-formed API key Keel never issued, with 401 INVALID_TOKEN', async () => {
      const unknownKey = generateApiKey('live');
      const badChecksum = `${unknownKey.slice(0, -1)}${unknownKey.endsWith('A') ? 'B' : 'A'}`;

      await expectRefused(unknownKey);
      await expectRefused(badChecksum);
    });

    it('should answer a request without credentials with 401 UNAUTHENTICATED and WWW-Authenticate: Bearer', async () => {
      const answer = await answerOf(clientAs(baseUrl).GET('/v1/me'));

      expectProblem(answer, { status: 401, code: 'UNAUTHENTICATED' });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('should publish the verification keys without authentication: EdDSA Ed25519 keys with a kid and no private part', async () => {
      const answer = await answerOf(clientAs(baseUrl).GET('/.well-known/jwks.json'));

      const { keys } = bodyOf(answer, 200);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({
          kty: 'OKP',
          crv: 'Ed25519',
          alg: 'EdDSA',
          kid: expect.stringMatching(/\S/),
          x: expect.any(String),
        });
        expect(key).not.toHaveProperty('d');
      }
    });
  });

  describe('refresh tokens', () => {
    it('should spend a refresh token on use, and a retry within the window receives the same successor', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const first = bodyOf(await refresh(baseUrl, ada.refreshToken), 200);
      const retry = bodyOf(await refresh(baseUrl, ada.refreshToken), 200);

      expect(first.refreshToken).not.toBe(ada.refreshToken);
      expect(retry.refreshToken).toBe(first.refreshToken);
      expect(bodyOf(await getMe(baseUrl, first.accessToken), 200)).toMatchObject({ id: ada.userId });
      expect(bodyOf(await refresh(baseUrl, first.refreshToken), 200).refreshToken).not.toBe(first.refreshToken);
    });

    it('should give every one of concurrent refreshes with the same token the same successor, within the window', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(baseUrl, ada.refreshToken)));

      const successors = answers.map((answer) => bodyOf(answer, 200).refreshToken);
      expect(new Set(successors).size).toBe(1);
      expect(successors[0]).not.toBe(ada.refreshToken);
      expect(bodyOf(await refresh(baseUrl, successors[0] ?? ''), 200).refreshToken).not.toBe(successors[0]);
    });

    it('should, with no retry window, let exactly one of concurrent refreshes with the same token through, and end the session as reused', async () => {
      const ada = await signUp(strictUrl, 'ada');

      const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(strictUrl, ada.refreshToken)));

      const rotated = answers.filter((answer) => answer.status === 200);
      expect(rotated).toHaveLength(1);
      // The first to find the token spent reports the reuse and ends the session; those after it find it ended.
      const refusals = answers.filter((answer) => answer.status !== 200);
      const codes = refusals.map((answer) =>
        (answer.body as { code?: string } | undefined)?.code === 'REFRESH_TOKEN_REUSED'
          ? expectProblem(answer, { status: 401, code: 'REFRESH_TOKEN_REUSED' }).code
          : expectProblem(answer, { status: 401, code: 'INVALID_TOKEN' }).code,
      );
      expect(codes).toContain('REFRESH_TOKEN_REUSED');
      const successor = bodyOf(rotated[0], 200).refreshToken;
      expectProblem(await refresh(strictUrl, successor), { status: 401, code: 'INVALID_TOKEN' });
    });

    it('should treat a spent token presented after its successor was used as reuse: 401 REFRESH_TOKEN_REUSED, and the session ends', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const first = bodyOf(await refresh(baseUrl, ada.refreshToken), 200);
      const second = bodyOf(await refresh(baseUrl, first.refreshToken), 200);

      const replayed = await refresh(baseUrl, ada.refreshToken);

      expectProblem(replayed, { status: 401, code: 'REFRESH_TOKEN_REUSED' });
      expectProblem(await refresh(baseUrl, second.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await meUntilRefused(baseUrl, second.accessToken), { status: 401, code: 'INVALID_TOKEN' });
    });

    it('should, with no retry window, answer a spent token presented again with 401 REFRESH_TOKEN_REUSED and kill its session’s tokens, but not the account’s other sessions', async () => {
      const ada = await signUp(strictUrl, 'ada');
      const adaElsewhere = await logIn(strictUrl, ada.email, ada.password);
      const successor = bodyOf(await refresh(strictUrl, ada.refreshToken), 200);

      const replayed = await refresh(strictUrl, ada.refreshToken);

      expectProblem(replayed, { status: 401, code: 'REFRESH_TOKEN_REUSED' });
      expectProblem(await refresh(strictUrl, successor.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await meUntilRefused(strictUrl, successor.accessToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await meUntilRefused(strictUrl, ada.accessToken), { status: 401, code: 'INVALID_TOKEN' });
      expect((await getMe(strictUrl, adaElsewhere.accessToken)).status).toBe(200);
      expect((await refresh(strictUrl, adaElsewhere.refreshToken)).status).toBe(200);
      const audited: { action: string; target_id: string }[] = await strictKeel.database.dataSource.query(
        `SELECT action, target_id FROM account_audit_events WHERE user_id = $1 AND action = 'auth.refresh_token_reused'`,
        [ada.userId],
      );
      expect(audited).toEqual([{ action: 'auth.refresh_token_reused', target_id: sessionIdOf(ada.accessToken) }]);
    });
  });

  describe('password change', () => {
    function changePassword(person: SignedInPerson, currentPassword: string, newPassword: string): Promise<Answer> {
      return answerOf(person.client.POST('/v1/auth/password/change', { body: { currentPassword, newPassword } }));
    }

    it('should refuse a change with a wrong current password: 403 PASSWORD_INCORRECT, and the old password still works', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const answer = await changePassword(ada, `${ada.password} but wrong`, strongPassword());

      expectProblem(answer, { status: 403, code: 'PASSWORD_INCORRECT' });
      await logIn(baseUrl, ada.email, ada.password);
    });

    it('should change the password and ends every other session, while the session that changed it keeps working', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const onPhone = await logIn(baseUrl, ada.email, ada.password);
      const onTablet = await logIn(baseUrl, ada.email, ada.password);
      const newPassword = strongPassword();

      const answer = await changePassword(ada, ada.password, newPassword);

      expect(answer.status).toBe(204);
      for (const other of [onPhone, onTablet]) {
        expectProblem(await meUntilRefused(baseUrl, other.accessToken), { status: 401, code: 'INVALID_TOKEN' });
        expectProblem(await refresh(baseUrl, other.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      }
      expect((await getMe(baseUrl, ada.accessToken)).status).toBe(200);
      expect((await refresh(baseUrl, ada.refreshToken)).status).toBe(200);
      expectProblem(await login(baseUrl, ada.email, ada.password), { status: 401, code: 'INVALID_CREDENTIALS' });
      await logIn(baseUrl, ada.email, newPassword);
    });
  });

  describe('sessions and logout', () => {
    function sessionsOf(person: SignedInPerson): Promise<Answer<Schema<'SessionListResponse'>>> {
      return answerOf(person.client.GET('/v1/me/sessions'));
    }

    function endSession(person: SignedInPerson, sessionId: string): Promise<Answer> {
      return answerOf(person.client.DELETE('/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } }));
    }

    it('should log out: the session’s refresh token is refused and its access token stops working', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const answer = await answerOf(ada.client.POST('/v1/auth/logout'));

      expect(answer.status).toBe(204);
      expectProblem(await refresh(baseUrl, ada.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await meUntilRefused(baseUrl, ada.accessToken), { status: 401, code: 'INVALID_TOKEN' });
    });

    it('should list the caller’s sessions and marks the caller’s own as current', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const onPhone = await logIn(baseUrl, ada.email, ada.password);

      const sessions = bodyOf(await sessionsOf(onPhone), 200).data;

      expect(
        sessions
          .map((session) => ({ id: session.id, current: session.current }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual(
        [
          { id: ada.sessionId, current: false },
          { id: onPhone.sessionId, current: true },
        ].sort((a, b) => a.id.localeCompare(b.id)),
      );
    });

    it('should answer 404 when someone tries to end another user’s session, which keeps working', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const mallory = await signUp(baseUrl, 'mallory');

      const answer = await endSession(mallory, ada.sessionId);

      expectProblem(answer, { status: 404, code: 'NOT_FOUND' });
      expect((await getMe(baseUrl, ada.accessToken)).status).toBe(200);
      expect((await refresh(baseUrl, ada.refreshToken)).status).toBe(200);
    });

    it('should end another of the caller’s own sessions on request', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const onLostPhone = await logIn(baseUrl, ada.email, ada.password);

      const answer = await endSession(ada, onLostPhone.sessionId);

      expect(answer.status).toBe(204);
      expectProblem(await meUntilRefused(baseUrl, onLostPhone.accessToken), { status: 401, code: 'INVALID_TOKEN' });
      expectProblem(await refresh(baseUrl, onLostPhone.refreshToken), { status: 401, code: 'INVALID_TOKEN' });
      expect((await getMe(baseUrl, ada.accessToken)).status).toBe(200);
    });
  });

  describe('brute force', () => {
    async function wrongPasswords(email: string, attempts: number): Promise<Answer[]> {
      const answers: Answer[] = [];
      for (let attempt = 0; attempt < attempts; attempt++) {
        answers.push(await login(baseUrl, email, `not the password ${attempt} of this account`));
      }
      return answers;
    }

    it('should answer wrong passwords for an existing account exactly as for an address without an account', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const forAccount = await wrongPasswords(ada.email, FREE_ATTEMPTS_PER_ACCOUNT + 1);
      const forNobody = await wrongPasswords(uniqueEmail('nobody'), FREE_ATTEMPTS_PER_ACCOUNT + 1);

      expect(forAccount.map(signInOutcome)).toEqual(forNobody.map(signInOutcome));
    });

    it('should answer 401 INVALID_CREDENTIALS for the free attempts, then 429 TOO_MANY_ATTEMPTS with Retry-After in whole seconds', async () => {
      const ada = await signUp(baseUrl, 'ada');

      const answers = await wrongPasswords(ada.email, FREE_ATTEMPTS_PER_ACCOUNT + 1);

      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
      for (const answer of answers.slice(0, FREE_ATTEMPTS_PER_ACCOUNT)) {
        expectProblem(answer, { status: 401, code: 'INVALID_CREDENTIALS' });
        expect(answer.headers.get('retry-after')).toBeNull();
      }
      const locked = answers[FREE_ATTEMPTS_PER_ACCOUNT];
      const retryAfter = locked?.headers.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      if (locked) {
        expectProblem(locked, {
          status: 429,
          code: 'TOO_MANY_ATTEMPTS',
          extensions: { retryAfterSeconds: Number(retryAfter) },
        });
      }
    });

    it('should count wrong passwords on an ownership transfer as failed sign-ins: 403 for the free attempts, then 429', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const workspace = await createWorkspace(ada, { name: 'Guarded Ltd' });
      const heir = await addMember(baseUrl, ada, workspace.id, {
        email: uniqueEmail('heir'),
        name: 'Heir',
        role: 'admin',
      });
      const transfer = (password: string) =>
        answerOf(
          ada.client.POST('/v1/workspaces/{workspaceId}/ownership-transfer', {
            params: { path: { workspaceId: workspace.id } },
            body: { userId: heir.userId, password },
          }),
        );

      const answers: Answer[] = [];
      for (let attempt = 0; attempt <= FREE_ATTEMPTS_PER_ACCOUNT; attempt++)
        answers.push(await transfer(`guess ${attempt}`));

      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 429]);
      expectProblem(answers[0] as Answer, { status: 403, code: 'PASSWORD_INCORRECT' });
      expectProblem(await transfer(ada.password), { status: 429, code: 'TOO_MANY_ATTEMPTS' });
      await waitOutLock(keel, `account:${emailKey(ada.email)}`);
      expect((await transfer(ada.password)).status).toBe(204);
    });

    it('should take a successful sign-in off the address’s count, so good sign-ins never lock an address', async () => {
      const ada = await signUp(strictUrl, 'ada');

      const answers: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++)
        answers.push((await login(strictUrl, ada.email, ada.password)).status);

      expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    });

    it('should admit exactly the free attempts of a burst of wrong passwords sent at once, and answers the rest 429', async () => {
      const ada = await signUp(baseUrl, 'ada');
      const burst = 12;

      const answers = await Promise.all(
        Array.from({ length: burst }, (_, attempt) => login(baseUrl, ada.email, `not the password ${attempt}`)),
      );

      // Counted before the password is checked: a burst cannot slip past the count while the hashes run.
      expect(answers.map((answer) => answer.status).sort()).toEqual([
        ...Array<number>(FREE_ATTEMPTS_PER_ACCOUNT).fill(401),
        ...Array<number>(burst - FREE_ATTEMPTS_PER_ACCOUNT).fill(429),
      ]);
      for (const answer of answers.filter(({ status }) => status === 429)) {
        expectProblem(answer, { status: 429, code: 'TOO_MANY_ATTEMPTS' });
      }
      expectProblem(await login(baseUrl, ada.email, ada.password), { status: 429, code: 'TOO_MANY_ATTEMPTS' });
    });

    it('should refuse even the right password with 429 while the account is locked, and signs in once the lock is over', async () => {
      const ada = await signUp(baseUrl, 'ada');
      let lockedAnswer: Answer | undefined;
      for (let attempt = 0; attempt < FREE_ATTEMPTS_PER_ACCOUNT + 3 && !lockedAnswer; attempt++) {
        const answer = await login(baseUrl, ada.email, `not the password ${attempt}`);
        if (answer.status === 429) lockedAnswer = answer;
      }
      expect(lockedAnswer?.status).toBe(429);

      const withRightPassword = await login(baseUrl, ada.email, ada.password);

      expectProblem(withRightPassword, {
        status: 429,
        code: 'TOO_MANY_ATTEMPTS',
        extensions: { retryAfterSeconds: Number(withRightPassword.headers.get('retry-after')) },
      });
      // What is left of the first lock, in whole seconds.
      const retryAfter = Number(withRightPassword.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(FIRST_LOCK_SECONDS);
      await waitOutLock(keel, `account:${emailKey(ada.email)}`);
      expect(bodyOf(await login(baseUrl, ada.email, ada.password), 200).user.id).toBe(ada.userId);
    });

    describe('behind no trusted proxy (TRUST_PROXY=false)', () => {
      it('should record the connection’s address for a session, not the X-Forwarded-For a client sent', async () => {
        const password = strongPassword();
        const signedUp = await answerOf(
          clientAs(strictUrl).POST('/v1/auth/signup', {
            body: { email: uniqueEmail('ada'), password, name: 'Ada' },
            headers: { 'x-forwarded-for': '203.0.113.77' },
          }),
        );
        const { accessToken } = bodyOf(signedUp, 201);

        const sessions = bodyOf(await answerOf(clientAs(strictUrl, accessToken).GET('/v1/me/sessions')), 200);

        expect(sessions.data.map((session) => session.clientAddress)).toEqual(['127.0.0.1']);
      });

      it('should keep counting failed sign-ins per address when each comes with a new X-Forwarded-For', async () => {
        const answers: Answer[] = [];
        // Three free attempts for 127.0.0.1, then two more; each from a "new" forwarded address and for a new email.
        for (let attempt = 1; attempt <= 5; attempt++) {
          answers.push(
            await login(strictUrl, uniqueEmail('sprayed'), 'not anybody’s password', {
              'x-forwarded-for': `203.0.113.${attempt}`,
            }),
          );
        }

        // The address stays locked for an hour: the suite's later sign-ins on this Keel must not meet the lock.
        await waitOutLock(strictKeel, 'address:127.0.0.1');
        expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429, 429]);
        const last = answers[4];
        if (last) {
          expectProblem(last, {
            status: 429,
            code: 'TOO_MANY_ATTEMPTS',
            extensions: { retryAfterSeconds: expect.any(Number) },
          });
        }
      });
    });
  });

  describe('sign-up', () => {
    it('should refuse an email that differs from an existing one only in case and surrounding spaces: 409 EMAIL_TAKEN', async () => {
      const email = uniqueEmail('Ada.Lovelace');
      await signUp(baseUrl, 'ada', { email });

      const answer = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/signup', {
          body: { email: `  ${email.toUpperCase()}  `, password: strongPassword(), name: 'Ada again' },
        }),
      );

      expectProblem(answer, { status: 409, code: 'EMAIL_TAKEN' });
    });

    it('should refuse one of the most common passwords: 422 VALIDATION_FAILED with an error on password', async () => {
      const answer = await answerOf(
        clientAs(baseUrl).POST('/v1/auth/signup', {
          body: { email: uniqueEmail('ada'), password: 'qwertyuiop', name: 'Ada' },
        }),
      );

      const problem = expectProblem(answer, { status: 422, code: 'VALIDATION_FAILED' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });
  });
});
