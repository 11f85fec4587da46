/**
 * Issue 20, "Abuse limits": sign-ups and password-reset requests per client
 * address, invites and resends per workspace and per inviter per hour and per
 * day, mails to one address per hour and email changes per account per hour,
 * each answered past its limit with 429 RATE_LIMITED and Retry-After; and an
 * unverified account cannot invite.
 * The limits are set low through the environment; Keel trusts the test's
 * X-Forwarded-For (TRUST_PROXY) so each case can come from an address of its own.
 */
import { randomInt } from 'node:crypto';
import { Answer, answerOf, bodyOf } from './support/keel-answers';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { clientAs, SignedInPerson, signUp, strongPassword, uniqueEmail } from './support/keel-people';
import { createWorkspace, invite } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

const HOUR = 3_600;
const DAY = 86_400;

/** An address of the documentation range (RFC 5737), one per case. */
function clientAddress(): string {
  return `198.51.100.${randomInt(1, 255)}`;
}

/** 429 RATE_LIMITED naming what was counted, with a Retry-After within the window. */
function expectRateLimited(answer: Answer, counts: string, windowSeconds: number): void {
  const problem = expectProblem(answer, {
    status: 429,
    code: 'RATE_LIMITED',
    extensions: { retryAfterSeconds: expect.any(Number), limit: counts },
  });
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= windowSeconds).toBe(true);
  expect(problem['retryAfterSeconds']).toBe(retryAfter);
}

async function verified(keel: KeelOnTestDatabase, person: SignedInPerson): Promise<SignedInPerson> {
  await keel.database.dataSource.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [person.userId]);
  return person;
}

function resend(by: SignedInPerson, workspaceId: string, inviteId: string): Promise<Answer> {
  return answerOf(
    by.client.POST('/v1/workspaces/{workspaceId}/invites/{inviteId}/resend', {
      params: { path: { workspaceId, inviteId } },
    }),
  );
}

describe('abuse limits (low limits set by environment)', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({
      TRUST_PROXY: 'true',
      SIGN_UPS_PER_ADDRESS_PER_HOUR: '3',
      PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: '2',
      INVITES_PER_WORKSPACE_PER_HOUR: '3',
      INVITES_PER_WORKSPACE_PER_DAY: '100',
      INVITES_PER_INVITER_PER_HOUR: '100',
      INVITES_PER_INVITER_PER_DAY: '4',
      MAILS_PER_RECIPIENT_PER_HOUR: '2',
      EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR: '2',
      INVITES_REQUIRE_VERIFIED_EMAIL: 'true',
    });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  function signUpFrom(address: string): Promise<Answer> {
    return answerOf(
      clientAs(baseUrl).POST('/v1/auth/signup', {
        headers: { 'x-forwarded-for': address },
        body: { email: uniqueEmail('limited'), password: strongPassword(), name: 'Limited' },
      }),
    );
  }

  function forgotFrom(address: string, email: string): Promise<Answer> {
    return answerOf(
      clientAs(baseUrl).POST('/v1/auth/password/forgot', { headers: { 'x-forwarded-for': address }, body: { email } }),
    );
  }

  it('should refuse sign-ups from one address past its hourly limit, and only from that address', async () => {
    const address = clientAddress();
    for (let count = 0; count < 3; count++) expect((await signUpFrom(address)).status).toBe(201);

    expectRateLimited(await signUpFrom(address), 'sign-ups from this address per hour', HOUR);
    expect((await signUpFrom(`203.0.113.${randomInt(1, 255)}`)).status).toBe(201);
  });

  it('should refuse password-reset requests from one address past its hourly limit, for any email alike', async () => {
    const address = clientAddress();
    expect((await forgotFrom(address, uniqueEmail('reset-a'))).status).toBe(202);
    expect((await forgotFrom(address, uniqueEmail('reset-b'))).status).toBe(202);

    expectRateLimited(
      await forgotFrom(address, uniqueEmail('reset-c')),
      'password-reset requests from this address per hour',
      HOUR,
    );
  });

  it('should refuse email changes of one account past its hourly limit, whatever the new addresses', async () => {
    const address = clientAddress();
    const password = strongPassword();
    const signedUp = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/signup', {
        headers: { 'x-forwarded-for': address },
        body: { email: uniqueEmail('mover'), password, name: 'Mover' },
      }),
    );
    const mover = clientAs(baseUrl, bodyOf(signedUp, 201).accessToken);
    const changeEmail = () =>
      answerOf(
        mover.POST('/v1/me/email', {
          headers: { 'x-forwarded-for': address },
          body: { email: uniqueEmail('moved'), password },
        }),
      );

    expect((await changeEmail()).status).toBe(202);
    expect((await changeEmail()).status).toBe(202);

    expectRateLimited(await changeEmail(), 'email changes of this account per hour', HOUR);
  });

  it('should refuse an invite from an account whose address is not verified, and sends nothing', async () => {
    const unverified = await signUp(baseUrl, 'unverified-inviter');
    const workspace = await createWorkspace(unverified, { name: 'Unverified Works' });

    const answer = await invite(unverified, workspace.id, uniqueEmail('spam-target'), 'member');

    expect(expectProblem(answer, { status: 403, code: 'EMAIL_NOT_VERIFIED' }).detail).toMatch(/[Vv]erif/);
    const invites = await keel.database.dataSource.query(
      'SELECT count(*)::int AS count FROM invites WHERE workspace_id = $1',
      [workspace.id],
    );
    expect(invites).toEqual([{ count: 0 }]);
  });

  it('should count invites and resends per workspace per hour, per inviter per day, and mails per address per hour', async () => {
    const owner = await verified(keel, await signUp(baseUrl, 'inviting-owner'));
    const first = await createWorkspace(owner, { name: 'Inviting Works' });
    const second = await createWorkspace(owner, { name: 'More Inviting Works' });
    const xena = uniqueEmail('xena');

    const toXena = bodyOf(await invite(owner, first.id, xena, 'member'), 201);
    expect((await resend(owner, first.id, toXena.id)).status).toBe(200);
    // Xena got two mails this hour: a third is refused, whoever would send it.
    expectRateLimited(await resend(owner, first.id, toXena.id), 'mails to this address per hour', HOUR);

    expect((await invite(owner, first.id, uniqueEmail('yuri'), 'member')).status).toBe(201);
    // Three invites and resends in this workspace this hour (the refused resend did not count).
    expectRateLimited(
      await invite(owner, first.id, uniqueEmail('zoe'), 'member'),
      'invites and resends in this workspace per hour',
      HOUR,
    );

    expect((await invite(owner, second.id, uniqueEmail('wim'), 'member')).status).toBe(201);
    // Four from this owner today, across both workspaces.
    expectRateLimited(
      await invite(owner, second.id, uniqueEmail('vera'), 'member'),
      'invites and resends from you per day',
      DAY,
    );
  });
});

describe('abuse limits: invites per workspace per day and per inviter per hour', () => {
  let keel: KeelOnTestDatabase;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({
      INVITES_PER_WORKSPACE_PER_HOUR: '100',
      INVITES_PER_WORKSPACE_PER_DAY: '2',
      INVITES_PER_INVITER_PER_HOUR: '3',
      INVITES_PER_INVITER_PER_DAY: '100',
      INVITES_REQUIRE_VERIFIED_EMAIL: 'true',
    });
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should refuse past each limit with 429 and Retry-After', async () => {
    const owner = await verified(keel, await signUp(keel.keel.url, 'daily-owner'));
    const first = await createWorkspace(owner, { name: 'Daily Works' });
    const second = await createWorkspace(owner, { name: 'Hourly Works' });

    expect((await invite(owner, first.id, uniqueEmail('ann'), 'member')).status).toBe(201);
    expect((await invite(owner, first.id, uniqueEmail('bob'), 'member')).status).toBe(201);
    expectRateLimited(
      await invite(owner, first.id, uniqueEmail('cyd'), 'member'),
      'invites and resends in this workspace per day',
      DAY,
    );

    expect((await invite(owner, second.id, uniqueEmail('dee'), 'member')).status).toBe(201);
    expectRateLimited(
      await invite(owner, second.id, uniqueEmail('eve'), 'member'),
      'invites and resends from you per hour',
      HOUR,
    );
  });
});
