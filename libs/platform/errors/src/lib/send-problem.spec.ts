import Fastify from 'fastify';
import type { LoggerService } from '@nestjs/common';
import { DomainError } from './domain-error';
import { sendProblem } from './send-problem';

function serverAnswering(error: unknown) {
  const warnings: unknown[] = [];
  const logger = { error: () => undefined, warn: (entry: unknown) => warnings.push(entry), log: () => undefined };
  const app = Fastify();
  app.get('/', (request, reply) => sendProblem(error, request, reply, logger as unknown as LoggerService));
  return { app, warnings };
}

describe('sendProblem', () => {
  it('should answer a database outage 503 with Retry-After: 1, logged as one', async () => {
    const { app, warnings } = serverAnswering(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );

    const response = await app.inject({ method: 'GET', url: '/' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(warnings).toEqual([expect.objectContaining({ msg: 'request refused: the database is unavailable' })]);
  });

  it('should keep the Retry-After a 503 problem brings, and not call it a database outage', async () => {
    const { app, warnings } = serverAnswering(
      new DomainError('SERVICE_UNAVAILABLE', 'The mail server is away.', { headers: { 'retry-after': '30' } }),
    );

    const response = await app.inject({ method: 'GET', url: '/' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    expect(warnings).toEqual([]);
  });
});
