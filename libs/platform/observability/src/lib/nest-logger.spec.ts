import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { openRequestContext } from '@keel/platform-context';
import { createLogger } from './create-logger';
import { NestLogger } from './nest-logger';
import { logRequest } from './request-log';

function captured(level: Parameters<typeof createLogger>[0] = 'info') {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(level, stream);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  return { logger, lines, records: () => lines().map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function incoming(requestId: string): IncomingMessage {
  return { method: 'GET', headers: { 'x-request-id': requestId }, socket: {} } as unknown as IncomingMessage;
}

describe('NestLogger', () => {
  it('should write a line with its context, and no requestId outside a request', () => {
    const { logger, records } = captured();

    new NestLogger(logger).log('started', 'NestApplication');

    expect(records()).toEqual([expect.objectContaining({ level: 'info', context: 'NestApplication', msg: 'started' })]);
    expect(records()[0]).not.toHaveProperty('requestId');
  });

  it('should bind the request id to every line logged while a request is served, each key once', () => {
    const { logger, lines, records } = captured();
    const nest = new NestLogger(logger);

    openRequestContext(incoming('nest-logger-1'), '127.0.0.1', () => {
      nest.warn('slow', 'Probe');
      nest.error({ requestId: 'nest-logger-1', msg: 'request failed unexpectedly' });
    });

    expect(records()).toEqual([
      expect.objectContaining({ level: 'warn', requestId: 'nest-logger-1', context: 'Probe', msg: 'slow' }),
      expect.objectContaining({ level: 'error', requestId: 'nest-logger-1', msg: 'request failed unexpectedly' }),
    ]);
    expect(lines()[1].match(/"requestId"/g)).toHaveLength(1);
  });

  it('should keep a Nest exception handler’s stack with its error', () => {
    const { logger, records } = captured();

    new NestLogger(logger).error('boom', 'Error: boom\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');

    expect(records()[0]).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      err: { message: 'boom', stack: 'Error: boom\n    at somewhere (file.ts:1:1)' },
    });
  });

  it('should write nothing below the logger’s level', () => {
    const { logger, records } = captured('warn');

    new NestLogger(logger).log('routine', 'Probe');
    new NestLogger(logger).debug('noise', 'Probe');

    expect(records()).toEqual([]);
  });
});

describe('logRequest', () => {
  const response = (statusCode: number) => ({ statusCode }) as ServerResponse;

  it('should write one request completed line with the request id first, as a field of the line', () => {
    const { logger, lines } = captured();

    logRequest(logger, incoming('request-line-1'), response(200), 1.23456);

    expect(lines()).toHaveLength(1);
    const record = JSON.parse(lines()[0]) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual([
      'level',
      'time',
      'service',
      'requestId',
      'method',
      'route',
      'statusCode',
      'durationMs',
      'traceId',
      'msg',
    ]);
    expect(record).toMatchObject({
      level: 'info',
      requestId: 'request-line-1',
      method: 'GET',
      route: 'unmatched',
      statusCode: 200,
      durationMs: 1.235,
      msg: 'request completed',
    });
  });

  it('should write a 5xx as request failed at error level', () => {
    const { logger, records } = captured();

    logRequest(logger, incoming('request-line-2'), response(503), 2);

    expect(records()).toEqual([expect.objectContaining({ level: 'error', statusCode: 503, msg: 'request failed' })]);
  });
});
