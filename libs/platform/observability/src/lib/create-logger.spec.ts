import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from './create-logger';
import { REDACTED } from './redact';

/** A logger writing into memory, and the JSON lines it wrote. */
function capturedLogger(level: Parameters<typeof createLogger>[0] = 'info'): { logger: Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(level, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0),
  };
}

function onlyRecord(lines: string[]): Record<string, unknown> {
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]);
}

describe('createLogger', () => {
  it('should write one JSON line with level, ISO time, service and message', () => {
    const { logger, lines } = capturedLogger();

    logger.info({ route: '/v1/things/:id', statusCode: 200, msg: 'request completed' });

    const record = onlyRecord(lines());
    expect(record).toMatchObject({
      level: 'info',
      service: 'keel',
      route: '/v1/things/:id',
      statusCode: 200,
      msg: 'request completed',
    });
    expect(new Date(String(record['time'])).toISOString()).toBe(record['time']);
  });

  it('should write nothing below its level', () => {
    const { logger, lines } = capturedLogger('warn');

    logger.info({ msg: 'routine' });
    logger.debug({ msg: 'noise' });
    logger.warn({ msg: 'worth a look' });

    expect(lines().map((line) => JSON.parse(line).msg)).toEqual(['worth a look']);
  });

  it('should redact secrets at any depth in the line it writes', () => {
    const { logger, lines } = capturedLogger();

    logger.info({
      msg: 'request received',
      req: {
        headers: {
          authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.secret-jwt',
          cookie: 'sid=s3ss10n',
          'x-api-key': 'k_live_1',
        },
      },
      body: { email: 'ada@example.com', password: 'hunter2', refreshToken: 'rt_123', nested: [{ secret: 'shh' }] },
    });

    const line = lines()[0];
    for (const secret of ['secret-jwt', 's3ss10n', 'k_live_1', 'hunter2', 'rt_123', 'shh']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      req: { headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED } },
      body: { email: 'ada@example.com', password: REDACTED, refreshToken: REDACTED, nested: [{ secret: REDACTED }] },
    });
  });

  it('should redact the password of a connection URL in a logged field', () => {
    const { logger, lines } = capturedLogger();

    logger.info({ msg: 'connecting', databaseUrl: 'postgres://keel:hunter2@db.internal:5432/keel' });

    expect(onlyRecord(lines())['databaseUrl']).toBe(`postgres://keel:${REDACTED}@db.internal:5432/keel`);
  });

  it('should redact the password of a connection URL in the message text', () => {
    const { logger, lines } = capturedLogger();

    logger.error('could not reach postgres://keel:hunter2@db.internal:5432/keel');

    expect(lines()[0]).not.toContain('hunter2');
  });

  it('should log an error with its class, message and stack, and without its secrets', () => {
    const { logger, lines } = capturedLogger();
    class ConnectionError extends Error {
      override readonly name = 'ConnectionError';
      readonly password = 'hunter2';
    }

    logger.error({
      err: new ConnectionError('refused by postgres://keel:hunter2@db.internal/keel'),
      requestId: 'req-1',
      msg: 'request failed unexpectedly',
    });

    const line = lines()[0];
    expect(line).not.toContain('hunter2');
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      requestId: 'req-1',
      err: {
        type: 'ConnectionError',
        message: `refused by postgres://keel:${REDACTED}@db.internal/keel`,
        stack: expect.stringContaining('ConnectionError: refused by'),
        password: REDACTED,
      },
    });
  });

  it('should log an error passed on its own under err', () => {
    const { logger, lines } = capturedLogger();

    logger.error(new TypeError('invalid IP address: yes'));

    expect(onlyRecord(lines())).toMatchObject({
      err: { type: 'TypeError', message: 'invalid IP address: yes' },
      msg: 'invalid IP address: yes',
    });
  });

  it('should write a key once when a child binds it and the logged object repeats it', () => {
    const { logger, lines } = capturedLogger();

    logger.child({ requestId: 'req-bound' }).warn({ requestId: 'req-bound', code: 'X', msg: 'repeated' });

    const [line] = lines();
    expect(line.match(/"requestId":/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ requestId: 'req-bound', code: 'X', msg: 'repeated' });
  });
});
