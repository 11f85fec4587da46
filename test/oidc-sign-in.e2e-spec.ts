/**
 * OIDC sign-in (issue 18): "sign in with …" against a real OpenID Provider
 * (oidc-provider, in a process of its own) over HTTP, with Keel running as the
 * production login on PostgreSQL. The test plays the browser: it follows
 * Keel's redirect to the provider, the provider's back to Keel's callback, and
 * reads where Keel sends it then; the client's part is POST /v1/auth/oidc/exchange.
 */
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { findFreePort } from '@keel/platform-database';
import { answerOf, bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, logIn, signUp, uniqueEmail } from './support/keel-people';
import { httpRequest, HttpResult, jsonObject, postJson } from './support/http';
import { OpenIdProvider, ProviderAccount, startOpenIdProvider } from './support/openid-provider';
import { expectProblem } from './support/problem-details';

const APP = 'http://app.test/signed-in';

describe('OIDC sign-in', () => {
  let provider: OpenIdProvider;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let subjects = 0;

  beforeAll(async () => {
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOpenIdProvider({
      clientId: 'keel-e2e',
      clientSecret: 'keel-e2e-client-secret',
      redirectUri: `${baseUrl}/v1/auth/oidc/test-op/callback`,
    });
    keel = await startKeelOnTestDatabase({
      LOG_LEVEL: 'warn',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      OIDC_PROVIDERS: JSON.stringify([
        { key: 'test-op', issuer: provider.issuer, clientId: 'keel-e2e', clientSecret: 'keel-e2e-client-secret' },
      ]),
      OIDC_REDIRECT_ALLOWLIST: `${APP},https://other.example/done`,
    });
  });

  afterAll(async () => {
    await keel?.stop();
    await provider?.stop();
  });

  function start(redirectUri: string, providerKey = 'test-op'): Promise<HttpResult> {
    const query = new URLSearchParams({ redirectUri });
    return httpRequest(`${baseUrl}/v1/auth/oidc/${providerKey}/start?${query}`, { redirect: 'manual' });
  }

  /** A person at the provider with a `sub` of their own. */
  function personAtProvider(account: Omit<ProviderAccount, 'sub'>): ProviderAccount {
    subjects += 1;
    return { sub: `op-subject-${subjects}-${Date.now()}`, name: 'Grace Hopper', ...account };
  }

  /** Start at Keel, sign in at the provider as `account`: the URL the provider sends the browser back to. */
  async function backFromProvider(account: ProviderAccount, redirectUri = APP): Promise<string> {
    await provider.willSignIn(account);
    const started = await start(redirectUri);
    expect(started.status).toBe(302);
    return provider.signInAt(started.headers.get('location') ?? '');
  }

  /** The whole browser flow; returns Keel's answer at the callback. */
  async function callbackFor(account: ProviderAccount, redirectUri = APP): Promise<HttpResult> {
    return httpRequest(await backFromProvider(account, redirectUri), { redirect: 'manual' });
  }

  /** The `code` of a callback that redirected to the app. */
  function codeFrom(callback: HttpResult, redirectUri = APP): string {
    expect(callback.status).toBe(302);
    const location = new URL(callback.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri.split('?')[0]);
    const code = location.searchParams.get('code');
    if (!code) throw new Error(`no code in ${location.href}`);
    return code;
  }

  function exchange(code: string): Promise<HttpResult> {
    return postJson(`${baseUrl}/v1/auth/oidc/exchange`, { code });
  }

  /** Signs `account` in through the provider; the token pair. */
  async function signInThroughProvider(
    account: ProviderAccount,
  ): Promise<{ accessToken: string; refreshToken: string; user: { id: string; email: string } }> {
    const exchanged = await exchange(codeFrom(await callbackFor(account)));
    expect(exchanged.status).toBe(200);
    return jsonObject(exchanged) as never;
  }

  it('should send the browser to the provider with PKCE S256, a state and a nonce kept server-side', async () => {
    const started = await start(APP);
    expect(started.status).toBe(302);
    const location = new URL(started.headers.get('location') ?? '');
    expect(location.origin).toBe(provider.issuer);
    const params = location.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('keel-e2e');
    expect(params.get('redirect_uri')).toBe(`${baseUrl}/v1/auth/oidc/test-op/callback`);
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = params.get('state') ?? '';
    const nonce = params.get('nonce') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(nonce.length).toBeGreaterThanOrEqual(32);

    // Server-side: found by the state's hash; the nonce and the verifier sealed, none of them in clear.
    const rows: { state_hash: string; secrets_sealed: string; redirect_uri: string; expires_at: Date }[] =
      await keel.database.dataSource.query(
        'SELECT state_hash, secrets_sealed, redirect_uri, expires_at FROM oidc_authorization_requests WHERE redirect_uri = $1 ORDER BY created_at DESC LIMIT 1',
        [APP],
      );
    const [row] = rows;
    expect(row.secrets_sealed).toMatch(/^v2\./);
    for (const secret of [state, nonce]) expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(600_000);

    expectProblem(await start(APP, 'no-such-provider'), { status: 404, code: 'NOT_FOUND' });
  });

  it('should sign a new person in: an account with the verified email, a session like a password sign-in, the identity listed', async () => {
    const email = uniqueEmail('oidc-new');
    const account = personAtProvider({ email, email_verified: true, name: 'Grace Hopper' });
    const callback = await callbackFor(account);
    expect(callback.headers.get('cache-control')).toBe('no-store');
    const code = codeFrom(callback);

    const exchanged = await exchange(code);
    expect(exchanged.status).toBe(200);
    const pair = jsonObject(exchanged) as {
      accessToken: string;
      refreshToken: string;
      user: { id: string; email: string; name: string; emailVerified: boolean };
    };
    expect(pair.user).toMatchObject({ email, name: 'Grace Hopper', emailVerified: true });
    expect(decodeJwt(pair.accessToken)).toMatchObject({ sub: pair.user.id, aal: 'aal1', amr: ['fed'] });

    // The same session and refresh-token model: the refresh token turns into a new pair, once.
    const refreshed = await postJson(`${baseUrl}/v1/auth/refresh`, { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(String(jsonObject(refreshed)['accessToken']))).toMatchObject({ amr: ['fed'] });
    const me = clientAs(baseUrl, pair.accessToken);
    const identities = bodyOf(await answerOf(me.GET('/v1/me/identities')), 200);
    expect(identities.data).toEqual([
      {
        id: expect.any(String),
        provider: 'test-op',
        email,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);

    // The code works once.
    expectProblem(await exchange(code), { status: 401, code: 'INVALID_TOKEN' });

    // Signing in there again signs the same account in.
    const again = await signInThroughProvider(account);
    expect(again.user.id).toBe(pair.user.id);
    // Without a password, a password sign-in is refused like a wrong one.
    expectProblem(await postJson(`${baseUrl}/v1/auth/login`, { email, password: 'no password at all here' }), {
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('should refuse a replayed state: the callback works once', async () => {
    const callbackUrl = await backFromProvider(
      personAtProvider({ email: uniqueEmail('oidc-replay'), email_verified: true }),
    );
    codeFrom(await httpRequest(callbackUrl, { redirect: 'manual' }));
    expectProblem(await httpRequest(callbackUrl, { redirect: 'manual' }), { status: 400, code: 'OIDC_STATE_INVALID' });
    // A state Keel never issued, or none at all.
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'a-state-keel-never-issued-aaaaaaaaaaaaaaaa');
    expectProblem(await httpRequest(forged.href, { redirect: 'manual' }), { status: 400, code: 'OIDC_STATE_INVALID' });
    forged.searchParams.delete('state');
    expectProblem(await httpRequest(forged.href, { redirect: 'manual' }), { status: 400, code: 'OIDC_STATE_INVALID' });
  });

  it('should refuse an ID token with another nonce, and make no account', async () => {
    const email = uniqueEmail('oidc-nonce');
    await provider.tamperNonce(true);
    let callback: HttpResult;
    try {
      callback = await callbackFor(personAtProvider({ email, email_verified: true }));
    } finally {
      await provider.tamperNonce(false);
    }
    const problem = expectProblem(callback, { status: 401, code: 'OIDC_SIGN_IN_FAILED' });
    expect(problem.detail).toContain('nonce');
    const users: unknown[] = await keel.database.dataSource.query('SELECT 1 FROM users WHERE email = $1', [email]);
    expect(users).toEqual([]);
  });

  it('should link by email only when both the provider and Keel say it is verified, and say what to do otherwise', async () => {
    // A Keel account whose address is verified: the provider's verified email links to it.
    const ada = await signUp(baseUrl, 'oidc-link');
    await keel.database.dataSource.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [ada.userId]);
    // The provider has not verified the address: no link (and the same answer as for an address without an account).
    const unverified = await callbackFor(personAtProvider({ email: ada.email, email_verified: false }));
    const refused = expectProblem(unverified, {
      status: 409,
      code: 'ACCOUNT_LINK_REQUIRED',
      extensions: { provider: 'test-op', reason: 'email_not_verified_by_provider' },
    });
    expect(refused.detail).toMatch(/verify the address at the provider/);
    expectProblem(await callbackFor(personAtProvider({ email: uniqueEmail('oidc-nobody'), email_verified: false })), {
      status: 409,
      code: 'ACCOUNT_LINK_REQUIRED',
      extensions: { provider: 'test-op', reason: 'email_not_verified_by_provider' },
    });
    expect(bodyOf(await answerOf(ada.client.GET('/v1/me/identities')), 200).data).toEqual([]);

    const linked = await signInThroughProvider(
      personAtProvider({ email: ada.email.toUpperCase(), email_verified: true }),
    );
    expect(linked.user.id).toBe(ada.userId);
    expect(bodyOf(await answerOf(ada.client.GET('/v1/me/identities')), 200).data).toHaveLength(1);

    // A Keel account whose address is not verified: not linked even though the provider verified it.
    const bob = await signUp(baseUrl, 'oidc-unverified-keel');
    expectProblem(await callbackFor(personAtProvider({ email: bob.email, email_verified: true })), {
      status: 409,
      code: 'ACCOUNT_LINK_REQUIRED',
      extensions: { provider: 'test-op', reason: 'email_not_verified_in_keel' },
    });
    expect(bodyOf(await answerOf(bob.client.GET('/v1/me/identities')), 200).data).toEqual([]);
  });

  it('should send the browser only to an allowed redirectUri: anything else is 400 REDIRECT_NOT_ALLOWED', async () => {
    for (const foreign of [
      'https://evil.example/signed-in',
      'http://app.test.evil.example/signed-in',
      'http://app.test/signed-in/../steal',
      'http://app.test/elsewhere',
      'https://app.test/signed-in',
      'http://app.test/signed-in#fragment',
      'http://attacker@app.test/signed-in',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expectProblem(await start(foreign), { status: 400, code: 'REDIRECT_NOT_ALLOWED' });
    }
    // The client's own query is kept beside the code.
    const withQuery = `${APP}?next=%2Fprojects`;
    const callback = await callbackFor(
      personAtProvider({ email: uniqueEmail('oidc-query'), email_verified: true }),
      withQuery,
    );
    const location = new URL(callback.headers.get('location') ?? '');
    expect(location.searchParams.get('next')).toBe('/projects');
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('should ask an account with MFA for its second factor, then open an aal2 session', async () => {
    const email = uniqueEmail('oidc-mfa');
    const account = personAtProvider({ email, email_verified: true });
    const first = await signInThroughProvider(account);
    const person = clientAs(baseUrl, first.accessToken);
    const enrolment = bodyOf(await answerOf(person.POST('/v1/me/mfa/totp')), 201);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret) });
    bodyOf(await answerOf(person.POST('/v1/me/mfa/totp/confirm', { body: { code: totp.generate() } })), 200);

    const challenged = await exchange(codeFrom(await callbackFor(account)));
    expect(challenged.status).toBe(202);
    const { mfaToken } = jsonObject(challenged) as { mfaToken: string };
    const verified = await postJson(`${baseUrl}/v1/auth/mfa/verify`, {
      mfaToken,
      code: totp.generate({ timestamp: Date.now() + 30_000 }),
    });
    expect(verified.status).toBe(200);
    expect(decodeJwt(String(jsonObject(verified)['accessToken']))).toMatchObject({
      aal: 'aal2',
      amr: ['fed', 'otp', 'mfa'],
    });
  });

  it('should unlink an identity, but never the last way an account signs in', async () => {
    // An account made by the provider has no password: its only link stays.
    const made = await signInThroughProvider(
      personAtProvider({ email: uniqueEmail('oidc-last'), email_verified: true }),
    );
    const madeClient = clientAs(baseUrl, made.accessToken);
    const [only] = bodyOf(await answerOf(madeClient.GET('/v1/me/identities')), 200).data;
    expectProblem(
      await answerOf(
        madeClient.DELETE('/v1/me/identities/{identityId}', { params: { path: { identityId: only.id } } }),
      ),
      { status: 409, code: 'LAST_SIGN_IN_METHOD' },
    );

    // An account with a password may unlink; another account's link is not found.
    const ada = await signUp(baseUrl, 'oidc-unlink');
    await keel.database.dataSource.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [ada.userId]);
    await signInThroughProvider(personAtProvider({ email: ada.email, email_verified: true }));
    const [link] = bodyOf(await answerOf(ada.client.GET('/v1/me/identities')), 200).data;
    expectProblem(
      await answerOf(
        madeClient.DELETE('/v1/me/identities/{identityId}', { params: { path: { identityId: link.id } } }),
      ),
      { status: 404, code: 'NOT_FOUND' },
    );
    const removed = await answerOf(
      ada.client.DELETE('/v1/me/identities/{identityId}', { params: { path: { identityId: link.id } } }),
    );
    expect(removed.status).toBe(204);
    expect(bodyOf(await answerOf(ada.client.GET('/v1/me/identities')), 200).data).toEqual([]);
    await logIn(baseUrl, ada.email, ada.password);
  });
});
