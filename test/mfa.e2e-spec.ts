/**
 * TOTP MFA (issue 18): enrolment with recovery codes, the two-step sign-in,
 * codes good once, the shared sign-in throttle, step-up and the assurance
 * level every access token carries — through the SDK against Keel running as
 * the production login on PostgreSQL. Codes come from `otpauth`, as an
 * authenticator app would compute them.
 */
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { answerOf, bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, logIn, refresh, SignedInPerson, signUp } from './support/keel-people';
import { addMember, createApiKey, createWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

/** The code an authenticator app shows `steps` 30-second steps from now. */
function codeOf(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
}

describe('TOTP MFA', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    // Every request comes from 127.0.0.1: room for the failures these tests make on purpose; and a first lock
    // long enough that a loaded machine cannot outlast it between two requests.
    keel = await startKeelOnTestDatabase({
      LOG_LEVEL: 'warn',
      SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '1000',
      SIGN_IN_FIRST_LOCK_SECONDS: '60',
    });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  function login(email: string, password: string) {
    return answerOf(clientAs(baseUrl).POST('/v1/auth/login', { body: { email, password } }));
  }

  function verify(mfaToken: string, proof: { code?: string; recoveryCode?: string }) {
    return answerOf(clientAs(baseUrl).POST('/v1/auth/mfa/verify', { body: { mfaToken, ...proof } }));
  }

  /** Signs a person up and confirms an authenticator app for them; returns its secret and the recovery codes. */
  async function withMfa(label: string): Promise<{ person: SignedInPerson; secret: string; recoveryCodes: string[] }> {
    const person = await signUp(baseUrl, label);
    const started = bodyOf(await answerOf(person.client.POST('/v1/me/mfa/totp')), 201);
    const confirmed = await answerOf(
      person.client.POST('/v1/me/mfa/totp/confirm', { body: { code: codeOf(started.secret) } }),
    );
    return { person, secret: started.secret, recoveryCodes: bodyOf(confirmed, 200).recoveryCodes };
  }

  /** The password step's mfaToken (202 expected). */
  async function mfaTokenFor(person: SignedInPerson): Promise<string> {
    const answer = await login(person.email, person.password);
    const body = bodyOf(answer, 202) as { mfaRequired: boolean; mfaToken: string; expiresIn: number };
    expect(body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    return body.mfaToken;
  }

  it('should enrol an authenticator app: a secret and its otpauth URI, confirmed by a code, ten recovery codes shown once, the secret sealed at rest', async () => {
    const ada = await signUp(baseUrl, 'mfa-enrol');
    expect(bodyOf(await answerOf(ada.client.GET('/v1/me/mfa')), 200)).toEqual({
      totpEnabled: false,
      enabledAt: null,
      recoveryCodesRemaining: 0,
    });

    const started = bodyOf(await answerOf(ada.client.POST('/v1/me/mfa/totp')), 201);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(started.secret);
    expect(decodeURIComponent(uri.pathname)).toContain(ada.email);

    // Pending: sign-in is unchanged until a code confirms the app.
    bodyOf(await login(ada.email, ada.password), 200);
    const wrong = await answerOf(
      ada.client.POST('/v1/me/mfa/totp/confirm', { body: { code: codeOf(started.secret, 5) } }),
    );
    expectProblem(wrong, { status: 403, code: 'MFA_CODE_INVALID' });

    const confirmed = await answerOf(
      ada.client.POST('/v1/me/mfa/totp/confirm', { body: { code: codeOf(started.secret) } }),
    );
    const { recoveryCodes } = bodyOf(confirmed, 200);
    expect(confirmed.headers.get('cache-control')).toBe('no-store');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);

    const status = bodyOf(await answerOf(ada.client.GET('/v1/me/mfa')), 200);
    expect(status).toMatchObject({ totpEnabled: true, recoveryCodesRemaining: 10 });
    expect(status.enabledAt).not.toBeNull();
    expectProblem(await answerOf(ada.client.POST('/v1/me/mfa/totp')), { status: 409, code: 'MFA_ALREADY_ENABLED' });

    const [factor]: { secret_sealed: string }[] = await keel.database.dataSource.query(
      'SELECT secret_sealed FROM mfa_totp_factors WHERE user_id = $1',
      [ada.userId],
    );
    expect(factor.secret_sealed).toMatch(/^v2\./);
    expect(factor.secret_sealed).not.toContain(started.secret);
    const stored: { code_hash: string }[] = await keel.database.dataSource.query(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [ada.userId],
    );
    expect(stored).toHaveLength(10);
    for (const { code_hash } of stored) for (const code of recoveryCodes) expect(code_hash).not.toContain(code);
  });

  it('should sign in in two steps: the password earns a single-use mfaToken, a code opens an aal2 session', async () => {
    const { person, secret } = await withMfa('mfa-sign-in');
    const mfaToken = await mfaTokenFor(person);

    // A wrong code leaves the token usable.
    expectProblem(await verify(mfaToken, { code: codeOf(secret, 10) }), { status: 403, code: 'MFA_CODE_INVALID' });
    const signedIn = bodyOf(await verify(mfaToken, { code: codeOf(secret, 1) }), 200);
    const claims = decodeJwt(signedIn.accessToken);
    expect(claims).toMatchObject({ sub: person.userId, aal: 'aal2', amr: ['pwd', 'otp', 'mfa'] });
    expect(typeof claims['auth_time']).toBe('number');
    bodyOf(await answerOf(clientAs(baseUrl, signedIn.accessToken).GET('/v1/me')), 200);

    // Spent: the same token again is refused, even with a recovery code.
    expectProblem(await verify(mfaToken, { code: codeOf(secret) }), { status: 401, code: 'INVALID_TOKEN' });
    expectProblem(await verify('not-a-token', { code: codeOf(secret) }), { status: 401, code: 'INVALID_TOKEN' });

    // A refreshed pair keeps the session's assurance.
    const refreshed = bodyOf(await refresh(baseUrl, signedIn.refreshToken), 200);
    expect(decodeJwt(refreshed.accessToken)).toMatchObject({ aal: 'aal2', amr: ['pwd', 'otp', 'mfa'] });

    const trail = bodyOf(
      await answerOf(
        clientAs(baseUrl, signedIn.accessToken).GET('/v1/me/audit-events', { params: { query: { limit: 50 } } }),
      ),
      200,
    ).data.map((event) => event.action);
    expect(trail).toEqual(
      expect.arrayContaining(['mfa.totp_enabled', 'auth.mfa_challenged', 'auth.mfa_failed', 'auth.signed_in']),
    );
  });

  it('should not pass a database failure while spending the mfaToken off as a bad token: 503, and the token still works after', async () => {
    const { person, secret, recoveryCodes } = await withMfa('mfa-spend-outage');
    const mfaToken = await mfaTokenFor(person);
    // Spending the token (an UPDATE of user_tokens) meets "the database cannot take connections now", for this
    // person only; reading the token and checking the code do not.
    const { dataSource } = keel.database;
    await dataSource.query(`
      CREATE FUNCTION refuse_spending_token() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the database is starting up' USING ERRCODE = '57P03'; END $$`);
    await dataSource.query(
      `CREATE TRIGGER refuse_spending_token BEFORE UPDATE ON user_tokens FOR EACH ROW
         WHEN (OLD.user_id = '${person.userId}'::uuid AND OLD.purpose = 'mfa_sign_in') EXECUTE FUNCTION refuse_spending_token()`,
    );
    try {
      expectProblem(await verify(mfaToken, { code: codeOf(secret, 1) }), { status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await dataSource.query('DROP TRIGGER refuse_spending_token ON user_tokens');
      await dataSource.query('DROP FUNCTION refuse_spending_token()');
    }
    // Nothing was spent: once the database is back, the same token signs in.
    bodyOf(await verify(mfaToken, { recoveryCode: recoveryCodes[0] }), 200);
  });

  it('should accept a code once: the code that confirmed the app, or opened a session, is refused again', async () => {
    const { person, secret } = await withMfa('mfa-replay');
    // withMfa confirmed with the code of now: replayed at sign-in, refused.
    const mfaToken = await mfaTokenFor(person);
    expectProblem(await verify(mfaToken, { code: codeOf(secret) }), { status: 403, code: 'MFA_CODE_INVALID' });
    // So is an older step's code, once a later one was accepted.
    expectProblem(await verify(mfaToken, { code: codeOf(secret, -1) }), { status: 403, code: 'MFA_CODE_INVALID' });
    bodyOf(await verify(mfaToken, { code: codeOf(secret, 1) }), 200);
    const again = await mfaTokenFor(person);
    expectProblem(await verify(again, { code: codeOf(secret, 1) }), { status: 403, code: 'MFA_CODE_INVALID' });
  });

  it('should let each recovery code in once, as aal2 without otp', async () => {
    const { person, recoveryCodes } = await withMfa('mfa-recovery');
    const [first, second] = recoveryCodes;
    // Typed back in capitals without dashes, it still counts.
    const signedIn = bodyOf(
      await verify(await mfaTokenFor(person), { recoveryCode: first.replace(/-/g, '').toUpperCase() }),
      200,
    );
    expect(decodeJwt(signedIn.accessToken)).toMatchObject({ aal: 'aal2', amr: ['pwd', 'mfa'] });
    expectProblem(await verify(await mfaTokenFor(person), { recoveryCode: first }), {
      status: 403,
      code: 'MFA_CODE_INVALID',
    });
    bodyOf(await verify(await mfaTokenFor(person), { recoveryCode: second }), 200);
    const status = bodyOf(await answerOf(clientAs(baseUrl, signedIn.accessToken).GET('/v1/me/mfa')), 200);
    expect(status.recoveryCodesRemaining).toBe(8);
  });

  it('should count wrong codes as failed sign-ins: the account meets 429 TOO_MANY_ATTEMPTS', async () => {
    const { person, secret } = await withMfa('mfa-throttle');
    const mfaToken = await mfaTokenFor(person);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await verify(mfaToken, { code: codeOf(secret, 20 + attempt) })).status);
    }
    expect(statuses.slice(0, 4)).toEqual([403, 403, 403, 403]);
    expect(statuses).toContain(429);
    const refused = await verify(mfaToken, { code: codeOf(secret, 1) });
    expectProblem(refused, { status: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('should step up: the password without MFA, a code with it (the session becoming aal2), each with a fresh auth_time', async () => {
    const plain = await signUp(baseUrl, 'step-up-plain');
    const stepUp = (person: SignedInPerson, body: Record<string, string>) =>
      answerOf(person.client.POST('/v1/auth/step-up', { body }));
    expectProblem(await stepUp(plain, { password: 'not the password at all' }), {
      status: 403,
      code: 'PASSWORD_INCORRECT',
    });
    expectProblem(await stepUp(plain, {}), { status: 422, code: 'VALIDATION_FAILED' });
    const before = decodeJwt(plain.accessToken)['auth_time'] as number;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const plainStep = bodyOf(await stepUp(plain, { password: plain.password }), 200);
    expect(plainStep.aal).toBe('aal1');
    const plainClaims = decodeJwt(plainStep.accessToken);
    expect(plainClaims['sid']).toBe(plain.sessionId);
    expect(plainClaims['auth_time'] as number).toBeGreaterThan(before);

    const { person, secret } = await withMfa('step-up-mfa');
    expectProblem(await stepUp(person, { password: person.password }), { status: 422, code: 'VALIDATION_FAILED' });
    expectProblem(await stepUp(person, { code: codeOf(secret, 9) }), { status: 403, code: 'MFA_CODE_INVALID' });
    const stepped = bodyOf(await stepUp(person, { code: codeOf(secret, 1) }), 200);
    expect(stepped.aal).toBe('aal2');
    expect(decodeJwt(stepped.accessToken)).toMatchObject({
      sid: person.sessionId,
      aal: 'aal2',
      amr: ['pwd', 'otp', 'mfa'],
    });
    // Without a credential there is nobody to step up.
    expectProblem(await answerOf(clientAs(baseUrl).POST('/v1/auth/step-up', { body: { password: 'x' } })), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('should remove the authenticator only with a current or recovery code, after which the password alone signs in', async () => {
    const { person, recoveryCodes } = await withMfa('mfa-remove');
    expectProblem(await answerOf(person.client.DELETE('/v1/me/mfa/totp', { body: { code: '000000' } })), {
      status: 403,
      code: 'MFA_CODE_INVALID',
    });
    const removed = await answerOf(
      person.client.DELETE('/v1/me/mfa/totp', { body: { recoveryCode: recoveryCodes[3] } }),
    );
    expect(removed.status).toBe(204);
    bodyOf(await login(person.email, person.password), 200);
    expectProblem(await answerOf(person.client.DELETE('/v1/me/mfa/totp', { body: { code: '123456' } })), {
      status: 409,
      code: 'MFA_NOT_ENABLED',
    });
    const rows: unknown[] = await keel.database.dataSource.query(
      'SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1 UNION ALL SELECT 1 FROM mfa_totp_factors WHERE user_id = $1',
      [person.userId],
    );
    expect(rows).toHaveLength(0);
  });

  describe('a workspace that requires MFA, and step-up', () => {
    /** `person` signed in again through both steps: an aal2 session of their own. */
    async function signedInWithCode(person: SignedInPerson, secret: string, steps: number): Promise<SignedInPerson> {
      const pair = bodyOf(await verify(await mfaTokenFor(person), { code: codeOf(secret, steps) }), 200);
      return { ...person, accessToken: pair.accessToken, refreshToken: pair.refreshToken, client: clientAs(baseUrl, pair.accessToken) };
    }

    function setRequireMfa(person: SignedInPerson, workspaceId: string, requireMfa: boolean) {
      return answerOf(
        person.client.PATCH('/v1/workspaces/{workspaceId}', {
          params: { path: { workspaceId } },
          body: { security: { requireMfa } },
        }),
      );
    }

    function getWorkspace(client: ReturnType<typeof clientAs>, workspaceId: string) {
      return answerOf(client.GET('/v1/workspaces/{workspaceId}', { params: { path: { workspaceId } } }));
    }

    it('should refuse members’ sessions without a second factor with 403 MFA_REQUIRED, tell them in GET /v1/workspaces, and leave API keys alone', async () => {
      const { person: ownerSignUp, secret: ownerSecret } = await withMfa('require-mfa-owner');
      const workspace = await createWorkspace(ownerSignUp, { name: 'Strict Works' });
      expect(workspace.security).toEqual({ requireMfa: false });
      const member = await addMember(baseUrl, ownerSignUp, workspace.id, {
        email: `require-mfa-member-${Date.now()}@example.com`,
        name: 'require-mfa-member',
        role: 'member',
      });

      // Turning it on needs a session with a second factor: the owner's sign-up token predates MFA.
      expectProblem(await setRequireMfa(ownerSignUp, workspace.id, true), { status: 403, code: 'MFA_REQUIRED' });
      const owner = await signedInWithCode(ownerSignUp, ownerSecret, 1);
      const key = await createApiKey(owner, workspace.id, 'reader', ['workspace:read']);
      const turnedOn = bodyOf(await setRequireMfa(owner, workspace.id, true), 200);
      expect(turnedOn.security).toEqual({ requireMfa: true });

      expectProblem(await getWorkspace(member.client, workspace.id), { status: 403, code: 'MFA_REQUIRED' });
      expectProblem(await getWorkspace(ownerSignUp.client, workspace.id), { status: 403, code: 'MFA_REQUIRED' });
      const listed = bodyOf(await answerOf(member.client.GET('/v1/workspaces')), 200).data;
      expect(listed.find((each) => each.id === workspace.id)).toMatchObject({
        security: { requireMfa: true },
        blockedBy: 'mfa_required',
      });
      bodyOf(await getWorkspace(clientAs(baseUrl, key.key), workspace.id), 200);
      expect(bodyOf(await getWorkspace(owner.client, workspace.id), 200).blockedBy).toBeNull();

      // The member sets up MFA (account routes stay open) and signs in with it: in.
      const started = bodyOf(await answerOf(member.client.POST('/v1/me/mfa/totp')), 201);
      bodyOf(await answerOf(member.client.POST('/v1/me/mfa/totp/confirm', { body: { code: codeOf(started.secret) } })), 200);
      const memberWithMfa = await signedInWithCode(member, started.secret, 1);
      expect(bodyOf(await getWorkspace(memberWithMfa.client, workspace.id), 200).role).toBe('member');
      // Confirming raised the member's own session too: its next access token is aal2.
      const refreshed = bodyOf(await refresh(baseUrl, member.refreshToken), 200);
      bodyOf(await getWorkspace(clientAs(baseUrl, refreshed.accessToken), workspace.id), 200);

      // An API key cannot lift the policy, even with workspace:update.
      const admin = await createApiKey(owner, workspace.id, 'admin', ['workspace:update']);
      expectProblem(await setRequireMfa({ ...owner, client: clientAs(baseUrl, admin.key) }, workspace.id, false), {
        status: 403,
        code: 'PERMISSION_DENIED',
      });
    });

    it('should ask a person with MFA to step up before a sensitive action, and not a person without', async () => {
      const ada = await signUp(baseUrl, 'step-up-owner');
      const workspace = await createWorkspace(ada, { name: 'Careful Works' });
      // A second session, opened with the password alone before MFA was on: still valid, but not for sensitive actions.
      const laptop = await logIn(baseUrl, ada.email, ada.password);
      const started = bodyOf(await answerOf(ada.client.POST('/v1/me/mfa/totp')), 201);
      bodyOf(await answerOf(ada.client.POST('/v1/me/mfa/totp/confirm', { body: { code: codeOf(started.secret) } })), 200);

      const makeKey = (client: ReturnType<typeof clientAs>, workspaceId: string) =>
        answerOf(
          client.POST('/v1/workspaces/{workspaceId}/api-keys', {
            params: { path: { workspaceId } },
            body: { name: 'ci', scopes: ['projects:read'] },
          }),
        );
      const problem = expectProblem(await makeKey(laptop.client, workspace.id), { status: 403, code: 'STEP_UP_REQUIRED' });
      expect(problem['stepUp']).toEqual({ href: '/v1/auth/step-up', maxAgeSeconds: 600 });
      const inWorkspace = { params: { path: { workspaceId: workspace.id } } };
      expectProblem(await answerOf(laptop.client.DELETE('/v1/workspaces/{workspaceId}', inWorkspace)), {
        status: 403,
        code: 'STEP_UP_REQUIRED',
      });
      // A permission the caller lacks is still the first answer.
      const viewer = await addMember(baseUrl, ada, workspace.id, {
        email: `step-up-viewer-${Date.now()}@example.com`,
        name: 'step-up-viewer',
        role: 'viewer',
      });
      expectProblem(await makeKey(viewer.client, workspace.id), { status: 403, code: 'PERMISSION_DENIED' });

      const stepped = bodyOf(
        await answerOf(laptop.client.POST('/v1/auth/step-up', { body: { code: codeOf(started.secret, 1) } })),
        200,
      );
      bodyOf(await makeKey(clientAs(baseUrl, stepped.accessToken), workspace.id), 201);
      // The session that confirmed MFA became aal2 with it: from its next access token on, no step-up is asked.
      const refreshed = bodyOf(await refresh(baseUrl, ada.refreshToken), 200);
      bodyOf(await makeKey(clientAs(baseUrl, refreshed.accessToken), workspace.id), 201);

      // Without MFA there is nothing stronger to ask for.
      const plain = await signUp(baseUrl, 'step-up-plain-owner');
      const plainWorkspace = await createWorkspace(plain, { name: 'Plain Works' });
      bodyOf(await makeKey(plain.client, plainWorkspace.id), 201);
    });
  });
});
