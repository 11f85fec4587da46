import { QueryFailedError } from 'typeorm';
import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    'password',
    'newPassword',
    'passwd',
    'passphrase',
    'token',
    'accessToken',
    'refreshToken',
    'refresh_token',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'apiKey',
    'api_key',
    'x-api-key',
    'secret',
    'clientSecret',
    'credentials',
    'privateKey',
    'signature',
    'recoveryCode',
    'recoveryCodes',
    'mfaToken',
  ])('should replace the value under %s', (key) => {
    expect(redactSecrets({ [key]: 'do-not-log-me', other: 'kept' })).toEqual({ [key]: REDACTED, other: 'kept' });
  });

  // Sign-up and password-change bodies carry the password under these names too, and a hash must not be logged either.
  it.each(['passwordConfirmation', 'password_confirmation', 'passwordHash'])(
    'should replace the value under %s, which holds a password or its hash',
    (key) => {
      expect(redactSecrets({ [key]: 'do-not-log-me' })).toEqual({ [key]: REDACTED });
    },
  );

  it('should replace a secret whatever its value is', () => {
    expect(redactSecrets({ token: { value: 'abc', expires: 3600 }, password: ['a', 'b'], secret: 42 })).toEqual({
      token: REDACTED,
      password: REDACTED,
      secret: REDACTED,
    });
  });

  it('should find secrets at any depth, inside arrays too', () => {
    const logged = {
      req: { headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'sid=abc', accept: 'application/json' } },
      body: {
        members: [
          { email: 'ada@example.com', password: 'hunter2' },
          { email: 'bob@example.com', apiKey: 'k_1' },
        ],
      },
    };

    expect(redactSecrets(logged)).toEqual({
      req: { headers: { authorization: REDACTED, cookie: REDACTED, accept: 'application/json' } },
      body: {
        members: [
          { email: 'ada@example.com', password: REDACTED },
          { email: 'bob@example.com', apiKey: REDACTED },
        ],
      },
    });
  });

  it('should leave ordinary keys that merely contain secret-looking letters alone', () => {
    const logged = { passed: true, passengers: 3, passportCountry: 'FR', keyboard: 'azerty' };

    expect(redactSecrets(logged)).toEqual(logged);
  });

  it('should not change the object it was given', () => {
    const logged = { password: 'hunter2', nested: { token: 't' } };

    redactSecrets(logged);

    expect(logged).toEqual({ password: 'hunter2', nested: { token: 't' } });
  });

  it('should survive a circular reference', () => {
    const node: Record<string, unknown> = { name: 'root', password: 'hunter2' };
    node['self'] = node;

    expect(redactSecrets(node)).toEqual({ name: 'root', password: REDACTED, self: '[Circular]' });
  });

  describe('inside strings', () => {
    it.each([
      ['postgres://keel:hunter2@db.internal:5432/keel', 'postgres://keel:[REDACTED]@db.internal:5432/keel'],
      ['postgresql://keel:p%40ss@db/keel?sslmode=require', 'postgresql://keel:[REDACTED]@db/keel?sslmode=require'],
      [
        'connect to https://user:pw@example.com/a failed, retrying nats://relay:n4ts@nats:4222',
        'connect to https://user:[REDACTED]@example.com/a failed, retrying nats://relay:[REDACTED]@nats:4222',
      ],
      ['redis://:hunter2@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
    ])('should hide the password of %s', (input, expected) => {
      expect(redactSecrets(input)).toBe(expected);
    });

    it('should leave URLs without a password alone', () => {
      const text = 'see https://keel.dev/problems/not-found and postgres://db.internal/keel or mailto:ada@example.com';

      expect(redactSecrets(text)).toBe(text);
    });

    it('should hide passwords in URLs nested in objects and arrays', () => {
      expect(redactSecrets({ targets: ['postgres://a:pw1@h1/db', { dsn: 'postgres://b:pw2@h2/db' }] })).toEqual({
        targets: [`postgres://a:${REDACTED}@h1/db`, { dsn: `postgres://b:${REDACTED}@h2/db` }],
      });
    });
  });

  describe('for errors', () => {
    class DriverError extends Error {
      override readonly name = 'DriverError';
      readonly code = '28P01';
      readonly password = 'hunter2';
    }

    it('should keep type, message, stack and own fields, with secrets removed', () => {
      const error = new DriverError('password authentication failed for postgres://keel:hunter2@db/keel');

      const redacted = redactSecrets({ err: error });

      expect(redacted).toEqual({
        err: expect.objectContaining({
          type: 'DriverError',
          code: '28P01',
          password: REDACTED,
          message: `password authentication failed for postgres://keel:${REDACTED}@db/keel`,
          stack: expect.stringContaining(`postgres://keel:${REDACTED}@db/keel`),
        }),
      });
      expect(JSON.stringify(redacted)).not.toContain('hunter2');
    });

    it('should hide the bind values of a failed query', () => {
      const driverError = Object.assign(new Error('value too long for type character varying(20)'), { code: '22001' });
      const error = new QueryFailedError(
        'UPDATE credentials SET hash = $2 WHERE email = $1',
        ['ada@example.com', 'hunter2'],
        driverError,
      );

      const redacted = redactSecrets({ err: error });

      expect(redacted).toMatchObject({ err: { type: 'QueryFailedError', code: '22001', parameters: REDACTED } });
      expect(JSON.stringify(redacted)).not.toContain('hunter2');
    });

    it('should redact the cause too', () => {
      const error = new Error('query failed', { cause: new Error('lost postgres://keel:hunter2@db/keel') });

      const redacted = redactSecrets(error);

      expect(redacted).toMatchObject({ message: 'query failed', cause: { type: 'Error' } });
      expect(JSON.stringify(redacted)).not.toContain('hunter2');
    });
  });

  it('should pass numbers, booleans, null, dates and buffers through', () => {
    const when = new Date('2026-11-22T10:00:00Z');
    const bytes = Buffer.from('abc');

    expect(redactSecrets({ n: 1, b: false, z: null, when, bytes })).toEqual({ n: 1, b: false, z: null, when, bytes });
  });
});
