import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@keel/platform-crypto';
import { platformDatabaseMigrations } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables } from '@keel/platform-queue';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { SignInThrottles1764000000400 } from '../../migrations/1764000000400-sign-in-throttles';
import { SignInThrottleEntry } from './sign-in-throttle.entity';
import { SignInThrottle } from './sign-in-throttle.service';
import { IdentityConfig } from '../identity-config';

const FREE_PER_ACCOUNT = 3;
const FREE_PER_ADDRESS = 4;
const FIRST_LOCK_SECONDS = 600;

const config = Object.assign(new IdentityConfig(), {
  SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT: FREE_PER_ACCOUNT,
  SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: FREE_PER_ADDRESS,
  // Far longer than any test takes, however loaded the machine: a lock never runs out by itself here;
  // a test that needs time to pass moves it in the database.
  SIGN_IN_FIRST_LOCK_SECONDS: FIRST_LOCK_SECONDS,
  SIGN_IN_MAX_LOCK_SECONDS: FIRST_LOCK_SECONDS * 3,
});

/** What each admission did: `admitted`, or the code it was refused with. */
async function outcomesOf(attempts: Promise<void>[]): Promise<string[]> {
  const settled = await Promise.allSettled(attempts);
  return settled
    .map((outcome) =>
      outcome.status === 'fulfilled'
        ? 'admitted'
        : outcome.reason instanceof DomainError
          ? outcome.reason.code
          : String(outcome.reason),
    )
    .sort();
}

describe('SignInThrottle on PostgreSQL', () => {
  let database: TestDatabase;
  let throttle: SignInThrottle;

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, SignInThrottles1764000000400],
      entities: [SignInThrottleEntry],
    });
    throttle = new SignInThrottle(database.dataSource, config, new ExpiringTables());
  });

  afterAll(async () => {
    await database?.drop();
  });

  const anEmail = () => `burst-${randomBytes(5).toString('hex')}@example.com`;
  const anAddress = () => `198.51.100.${1 + (randomBytes(1)[0] % 250)}`;

  it('should admit only the free attempts of a burst sent at once, and refuse the rest with 429', async () => {
    const subject = { email: anEmail() };

    const outcomes = await outcomesOf(Array.from({ length: 12 }, () => throttle.admit(subject)));

    expect(outcomes).toEqual(
      [
        ...Array<string>(FREE_PER_ACCOUNT).fill('admitted'),
        ...Array<string>(12 - FREE_PER_ACCOUNT).fill('TOO_MANY_ATTEMPTS'),
      ].sort(),
    );
  });

  it('should count a burst against the client address across accounts, too', async () => {
    const clientAddress = anAddress();

    const outcomes = await outcomesOf(
      Array.from({ length: 10 }, () => throttle.admit({ email: anEmail(), clientAddress })),
    );

    expect(outcomes.filter((outcome) => outcome === 'admitted')).toHaveLength(FREE_PER_ADDRESS);
  });

  /** How long each of the account's attempts is locked out for, as the row says: `locked_until` against the moment of the last failure. */
  async function lockSeconds(email: string): Promise<number | null> {
    const [row] = await database.dataSource.query(
      `SELECT extract(epoch FROM locked_until - (expires_at - interval '1 hour'))::float AS seconds
         FROM sign_in_throttles WHERE key_hash = $1`,
      [sha256Hex(`account:${email}`)],
    );
    return row?.seconds ?? null;
  }

  /** Moves the account's lock into the past: what waiting it out would do. */
  async function waitOutLock(email: string): Promise<void> {
    await database.dataSource.query(
      `UPDATE sign_in_throttles SET locked_until = clock_timestamp() - interval '1 millisecond' WHERE key_hash = $1`,
      [sha256Hex(`account:${email}`)],
    );
  }

  it('should say how long to wait, in whole seconds, on the 429', async () => {
    const subject = { email: anEmail() };
    for (let attempt = 0; attempt < FREE_PER_ACCOUNT; attempt++) await throttle.admit(subject);

    const refusal = await throttle.admit(subject).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(await lockSeconds(subject.email)).toBe(FIRST_LOCK_SECONDS);
    expect(refusal).toBeInstanceOf(DomainError);
    const { headers, extensions } = (refusal as DomainError).options as {
      headers: Record<string, string>;
      extensions: { retryAfterSeconds: number };
    };
    // What is left of the lock, rounded up: at most the whole lock, never 0.
    expect(headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(Number(headers['retry-after'])).toBeLessThanOrEqual(FIRST_LOCK_SECONDS);
    expect(extensions.retryAfterSeconds).toBe(Number(headers['retry-after']));
  });

  it('should double the lock with each failure after the free ones, up to SIGN_IN_MAX_LOCK_SECONDS', async () => {
    const subject = { email: anEmail() };
    const locks: Array<number | null> = [];
    for (let attempt = 0; attempt < FREE_PER_ACCOUNT; attempt++) await throttle.admit(subject);
    locks.push(await lockSeconds(subject.email));
    for (let failure = 0; failure < 2; failure++) {
      await expect(throttle.admit(subject)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      await waitOutLock(subject.email);
      await throttle.admit(subject);
      locks.push(await lockSeconds(subject.email));
    }

    expect(locks).toEqual([FIRST_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2, FIRST_LOCK_SECONDS * 3]);
  });

  it('should take a success off the counts: signing in right again and again never locks the account or the address', async () => {
    const subject = { email: anEmail(), clientAddress: anAddress() };

    for (let attempt = 0; attempt < FREE_PER_ADDRESS * 3; attempt++) {
      await throttle.admit(subject);
      await throttle.recordSuccess(subject);
    }

    const [address] = await database.dataSource.query(
      'SELECT failures, locked_until FROM sign_in_throttles WHERE key_hash = $1',
      [sha256Hex(`address:${subject.clientAddress}`)],
    );
    expect(address).toEqual({ failures: 0, locked_until: null });
    await expect(throttle.admit(subject)).resolves.toBeUndefined();
  });
});
