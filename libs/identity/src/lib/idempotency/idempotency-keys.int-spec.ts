import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { KeelConfig } from '@keel/platform-config';
import { SecretBox } from '@keel/platform-crypto';
import { platformDatabaseMigrations } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ExpiringTables, purgeExpiredRows } from '@keel/platform-queue';
import { reencryptSealedColumns } from '@keel/platform-runtime';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { IdempotencyKeys1764000005200 } from '../../migrations/1764000005200-idempotency-keys';
import { IdempotencyRequestSealed1764000005800 } from '../../migrations/1764000005800-idempotency-request-sealed';
import { identitySealedColumns } from '../identity-schema';
import { IdempotencyRecord } from './idempotency-record.entity';
import { IdempotencyKeys, IdempotencyClaim } from './idempotency-keys.service';

const config = Object.assign(new KeelConfig(), { REQUEST_TIMEOUT_MS: 30_000 });

function leaseOf(claim: IdempotencyClaim): string {
  if (claim.kind !== 'run') throw new Error(`expected to run the request, got ${JSON.stringify(claim)}`);
  return claim.leaseId;
}

async function problemOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('IdempotencyKeys on PostgreSQL', () => {
  let database: TestDatabase;
  const masterKey = randomBytes(32);
  let keys: IdempotencyKeys;
  const expiring = new ExpiringTables();

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, IdempotencyKeys1764000005200, IdempotencyRequestSealed1764000005800],
      entities: [IdempotencyRecord],
    });
    keys = new IdempotencyKeys(database.dataSource, new SecretBox(masterKey), expiring, config);
    keys.onModuleInit();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const principal = () => `user:${randomUUID()}`;

  async function rowOf(who: string, key: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await database.dataSource.query('SELECT * FROM idempotency_keys WHERE principal = $1 AND key = $2', [
      who,
      key,
    ]);
    return row;
  }

  it('should run a new key, then replay the stored response to a retry of the same request', async () => {
    const who = principal();
    const lease = leaseOf(await keys.claim(who, 'k-1', 'fingerprint-a'));
    await keys.complete(who, 'k-1', lease, { id: 'ws-1', name: 'Acme' });

    expect(await keys.claim(who, 'k-1', 'fingerprint-a')).toEqual({
      kind: 'replay',
      body: { id: 'ws-1', name: 'Acme' },
    });
  });

  it('should keep a response sealed, so a secret in it is not readable from the table', async () => {
    const who = principal();
    const secret = `keel_test_${randomBytes(16).toString('hex')}`;
    const lease = leaseOf(await keys.claim(who, 'k-secret', 'fingerprint-a'));
    await keys.complete(who, 'k-secret', lease, { key: secret });

    const row = await rowOf(who, 'k-secret');
    expect(row?.['response_sealed']).toMatch(/^v2\./);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('should keep the request only sealed, so a password in a body cannot be guessed from the table', async () => {
    const who = principal();
    const request = 'POST\n/v1/auth/password/change\n{"currentPassword":"hunter2 hunter2","newPassword":"x"}';
    await keys.claim(who, 'k-hash', request);

    const row = await rowOf(who, 'k-hash');
    expect(row?.['request_sealed']).toMatch(/^v2\./);
    expect(JSON.stringify(row)).not.toContain(createHash('sha256').update(request).digest('hex'));
    expect(JSON.stringify(row)).not.toContain('hunter2');
  });

  it('should replay a body-less response (204) as no body', async () => {
    const who = principal();
    await keys.complete(who, 'k-empty', leaseOf(await keys.claim(who, 'k-empty', 'f')), undefined);
    expect(await keys.claim(who, 'k-empty', 'f')).toEqual({ kind: 'replay', body: undefined });
  });

  it('should refuse the same key for another request with 422 IDEMPOTENCY_KEY_REUSED, running or done', async () => {
    const who = principal();
    const lease = leaseOf(await keys.claim(who, 'k-2', 'fingerprint-a'));
    expect((await problemOf(keys.claim(who, 'k-2', 'fingerprint-b'))).code).toBe('IDEMPOTENCY_KEY_REUSED');

    await keys.complete(who, 'k-2', lease, { ok: true });
    expect((await problemOf(keys.claim(who, 'k-2', 'fingerprint-b'))).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('should answer 409 IDEMPOTENCY_KEY_IN_USE with Retry-After while the first attempt runs', async () => {
    const who = principal();
    leaseOf(await keys.claim(who, 'k-3', 'f'));

    const problem = await problemOf(keys.claim(who, 'k-3', 'f'));
    expect(problem.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(problem.status).toBe(409);
    expect(problem.options.headers).toEqual({ 'Retry-After': '1' });
  });

  it('should let exactly one of many simultaneous requests with one key run', async () => {
    const who = principal();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => keys.claim(who, 'k-race', 'f')));

    const ran = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value.kind === 'run');
    const refused = outcomes.filter(
      (outcome) =>
        outcome.status === 'rejected' &&
        outcome.reason instanceof DomainError &&
        outcome.reason.code === 'IDEMPOTENCY_KEY_IN_USE',
    );
    expect(ran).toHaveLength(1);
    expect(refused).toHaveLength(11);
  });

  it('should free the key when the attempt failed, so a retry (even a corrected request) runs', async () => {
    const who = principal();
    await keys.release(who, 'k-4', leaseOf(await keys.claim(who, 'k-4', 'fingerprint-bad')));

    expect(await rowOf(who, 'k-4')).toBeUndefined();
    expect((await keys.claim(who, 'k-4', 'fingerprint-fixed')).kind).toBe('run');
  });

  it('should let a retry take over a key whose attempt died (lease run out), and stop the dead attempt from writing', async () => {
    const who = principal();
    const deadLease = leaseOf(await keys.claim(who, 'k-5', 'f'));
    await database.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE principal = $1`,
      [who],
    );

    const newLease = leaseOf(await keys.claim(who, 'k-5', 'f'));
    expect(newLease).not.toBe(deadLease);
    await keys.complete(who, 'k-5', deadLease, { from: 'dead attempt' });
    await keys.release(who, 'k-5', deadLease);
    await keys.complete(who, 'k-5', newLease, { from: 'retry' });

    expect(await keys.claim(who, 'k-5', 'f')).toEqual({ kind: 'replay', body: { from: 'retry' } });
  });

  it('should not let a retry with another request take over a dead attempt', async () => {
    const who = principal();
    leaseOf(await keys.claim(who, 'k-6', 'f'));
    await database.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE principal = $1`,
      [who],
    );
    expect((await problemOf(keys.claim(who, 'k-6', 'other'))).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('should forget a key after 24 hours: the same key then runs any request again', async () => {
    const who = principal();
    await keys.complete(who, 'k-7', leaseOf(await keys.claim(who, 'k-7', 'f')), { n: 1 });
    const [{ hours }] = await database.dataSource.query(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600) AS hours FROM idempotency_keys WHERE principal = $1`,
      [who],
    );
    expect(Number(hours)).toBe(24);
    await database.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE principal = $1`,
      [who],
    );

    expect((await keys.claim(who, 'k-7', 'another request')).kind).toBe('run');
  });

  it('should keep keys per caller: the same key of another caller is another key', async () => {
    const first = principal();
    const second = principal();
    await keys.complete(first, 'shared', leaseOf(await keys.claim(first, 'shared', 'f')), { owner: 'first' });

    expect((await keys.claim(second, 'shared', 'f')).kind).toBe('run');
  });

  it('should let housekeeping purge expired keys, so an expired key runs its request again', async () => {
    const who = principal();
    await keys.complete(who, 'k-old', leaseOf(await keys.claim(who, 'k-old', 'f')), { id: 'old' });
    await keys.complete(who, 'k-new', leaseOf(await keys.claim(who, 'k-new', 'f')), { id: 'new' });
    await database.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE principal = $1 AND key = 'k-old'`,
      [who],
    );

    await purgeExpiredRows(database.dataSource, expiring);

    expect(await rowOf(who, 'k-old')).toBeUndefined();
    expect(await keys.claim(who, 'k-new', 'f')).toEqual({ kind: 'replay', body: { id: 'new' } });
    expect((await keys.claim(who, 'k-old', 'f')).kind).toBe('run');
  });

  it('should still replay a stored response after crypto:rotate re-sealed it under a new master key', async () => {
    const who = principal();
    await keys.complete(who, 'k-rotate', leaseOf(await keys.claim(who, 'k-rotate', 'f')), { token: 'secret' });

    const newKey = randomBytes(32);
    const rotating = new SecretBox(newKey, [masterKey]);
    await reencryptSealedColumns(
      database.dataSource,
      rotating,
      identitySealedColumns.filter((column) => column.table === 'idempotency_keys'),
    );

    const afterRotation = new IdempotencyKeys(database.dataSource, new SecretBox(newKey), new ExpiringTables(), config);
    expect(await afterRotation.claim(who, 'k-rotate', 'f')).toEqual({ kind: 'replay', body: { token: 'secret' } });
  });
});
