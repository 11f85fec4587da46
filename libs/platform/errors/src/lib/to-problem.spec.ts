import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  LoggerService,
  MethodNotAllowedException,
  NotFoundException,
  ParseUUIDPipe,
  PayloadTooLargeException,
  UnauthorizedException,
} from '@nestjs/common';
import Fastify, { errorCodes, FastifyInstance } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError, notFound } from './domain-error';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { sendProblem } from './send-problem';
import { toProblem } from './to-problem';

const requestId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('toProblem', () => {
  describe('for a DomainError', () => {
    it('should render its code, status, title, type and detail', () => {
      const { problem, unexpected } = toProblem(notFound('Project'), requestId);

      expect(problem).toEqual({
        type: 'https://keel.dev/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: 'Project was not found.',
        code: 'NOT_FOUND',
        requestId,
      });
      expect(unexpected).toBe(false);
    });

    it('should add its extensions as members of the problem', () => {
      const error = new DomainError('VERSION_CONFLICT', 'The project was changed by someone else.', {
        extensions: { currentVersion: 7 },
      });

      const { problem } = toProblem(error, requestId);

      expect(problem).toMatchObject({ status: 409, code: 'VERSION_CONFLICT', currentVersion: 7, requestId });
      expect(problem.type).toBe('https://keel.dev/problems/version-conflict');
    });

    it('should list its field errors under errors', () => {
      const errors = [
        { field: 'name', message: 'name must be shorter than or equal to 80 characters', rule: 'maxLength' },
      ];

      const { problem } = toProblem(
        new DomainError('VALIDATION_FAILED', '1 field(s) failed validation.', { errors }),
        requestId,
      );

      expect(problem.status).toBe(422);
      expect(problem.errors).toEqual(errors);
    });

    it('should leave errors out when there are none', () => {
      expect(toProblem(new DomainError('CONFLICT', 'Taken.'), requestId).problem).not.toHaveProperty('errors');
    });

    it('should use a status given in place of the registry one', () => {
      const { problem } = toProblem(new DomainError('RATE_LIMITED', 'Slow down.', { status: 503 }), requestId);

      expect(problem.status).toBe(503);
      expect(problem.code).toBe('RATE_LIMITED');
    });

    it('should count a DomainError of status 500 or more as unexpected', () => {
      expect(toProblem(new DomainError('SERVICE_UNAVAILABLE', 'Try later.'), requestId).unexpected).toBe(true);
    });
  });

  describe('for errors Fastify raises before a handler runs', () => {
    it.each<[string, number, string, Error]>([
      [
        'an unsupported media type',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/xml'),
      ],
      ['an invalid Content-Type', 415, 'UNSUPPORTED_MEDIA_TYPE', new errorCodes.FST_ERR_CTP_INVALID_TYPE()],
      ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()],
      ['an empty JSON body', 400, 'MALFORMED_JSON', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY()],
      ['a body that is not JSON', 400, 'MALFORMED_JSON', new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY()],
      ['a wrong Content-Length', 400, 'BAD_REQUEST', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH()],
      ['a malformed URL', 400, 'BAD_REQUEST', new errorCodes.FST_ERR_BAD_URL('/%zz')],
    ])('should map %s to %i %s', (_case, status, code, error) => {
      const { problem, unexpected } = toProblem(error, requestId);

      expect(problem).toMatchObject({ status, code, requestId });
      expect(problem.detail).not.toContain('FST_');
      expect(unexpected).toBe(false);
    });

    it('should map a JSON SyntaxError a body parser marked 400 to MALFORMED_JSON', () => {
      const error = Object.assign(new SyntaxError('Unexpected token } in JSON at position 12'), { statusCode: 400 });

      const { problem, unexpected } = toProblem(error, requestId);

      expect(problem).toMatchObject({
        status: 400,
        code: 'MALFORMED_JSON',
        detail: 'The request body is not valid JSON.',
      });
      expect(unexpected).toBe(false);
    });

    it('should not blame the client for a SyntaxError of our own code', () => {
      const { problem, unexpected } = toProblem(new SyntaxError('Unexpected end of JSON input'), requestId);

      expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
      expect(unexpected).toBe(true);
    });
  });

  describe('for Nest HTTP exceptions', () => {
    it.each<[string, number, string, HttpException]>([
      ['a missing route', 404, 'NOT_FOUND', new NotFoundException('Cannot GET /v1/nothing')],
      ['a wrong method', 405, 'METHOD_NOT_ALLOWED', new MethodNotAllowedException()],
      ['a missing login', 401, 'UNAUTHENTICATED', new UnauthorizedException()],
      ['a forbidden action', 403, 'PERMISSION_DENIED', new ForbiddenException()],
      ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', new PayloadTooLargeException()],
    ])('should map %s to %i %s without echoing its message', (_case, status, code, error) => {
      const { problem, unexpected } = toProblem(error, requestId);

      expect(problem).toMatchObject({ status, code, requestId });
      expect(JSON.stringify(problem)).not.toContain(error.message);
      expect(unexpected).toBe(false);
    });

    it('should answer a route parameter refused by a Nest pipe as BAD_REQUEST, not as a JSON problem', async () => {
      const refused = await new ParseUUIDPipe()
        .transform('not-a-uuid', { type: 'param', data: 'projectId' })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BadRequestException);

      const { problem, unexpected } = toProblem(refused, requestId);

      expect(problem).toMatchObject({ status: 400, code: 'BAD_REQUEST', title: 'Bad request', requestId });
      expect(unexpected).toBe(false);
    });

    it('should describe a 404 as no resource at this address', () => {
      expect(toProblem(new NotFoundException(), requestId).problem.detail).toBe('No resource exists at this address.');
    });

    it('should keep the status of a 4xx the registry does not list', () => {
      const { problem } = toProblem(new HttpException("I'm a teapot", HttpStatus.I_AM_A_TEAPOT), requestId);

      expect(problem).toMatchObject({ status: 418, code: 'BAD_REQUEST' });
    });

    it('should turn a 5xx HttpException into INTERNAL', () => {
      const { problem, unexpected } = toProblem(new InternalServerErrorException('pool exhausted'), requestId);

      expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
      expect(JSON.stringify(problem)).not.toContain('pool exhausted');
      expect(unexpected).toBe(true);
    });
  });

  describe('for anything else', () => {
    const sql = 'INSERT INTO users (email, password_hash) VALUES ($1, $2)';

    it('should answer INTERNAL with a generic detail and the requestId, never the message', () => {
      const error = new Error(`duplicate key value violates unique constraint "users_email_key" while running ${sql}`);

      const { problem, unexpected } = toProblem(error, requestId);

      expect(problem).toEqual({
        type: 'https://keel.dev/problems/internal',
        title: 'Internal error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the requestId when you report it.',
        code: 'INTERNAL',
        requestId,
      });
      expect(unexpected).toBe(true);
    });

    it('should reveal nothing of a TypeORM query failure', () => {
      const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
        code: '23505',
        detail: 'Key (email)=(ada@example.com) already exists.',
        table: 'users',
      });
      const error = new QueryFailedError(sql, ['ada@example.com', 'argon2id$hash'], driverError);

      const { problem, unexpected } = toProblem(error, requestId);
      const body = JSON.stringify(problem);

      expect(problem.code).toBe('INTERNAL');
      for (const leak of ['users', 'ada@example.com', '23505', 'INSERT', 'argon2id']) expect(body).not.toContain(leak);
      expect(unexpected).toBe(true);
    });

    it.each([
      ['a string', 'boom'],
      ['undefined', undefined],
      ['a plain object', { message: 'SELECT 1', status: 400 }],
    ])('should answer INTERNAL for %s thrown', (_case, thrown) => {
      expect(toProblem(thrown, requestId).problem).toMatchObject({ status: 500, code: 'INTERNAL', requestId });
    });
  });
});

describe('sendProblem as Fastify error handler', () => {
  let app: FastifyInstance;
  const logged: unknown[] = [];
  const logger: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => void logged.push(message),
  };

  beforeAll(async () => {
    app = Fastify({ bodyLimit: 64, genReqId: () => requestId });
    app.removeContentTypeParser(['text/plain']);
    app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply, logger));
    app.post('/echo', async (request) => request.body);
    app.get('/explode', async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 for user "keel"');
    });
    await app.ready();
  });

  afterAll(() => app.close());
  beforeEach(() => (logged.length = 0));

  it.each<[string, { payload: string; contentType: string }, number, string]>([
    ['a malformed JSON body', { payload: '{"name": ', contentType: 'application/json' }, 400, 'MALFORMED_JSON'],
    ['an empty JSON body', { payload: '', contentType: 'application/json' }, 400, 'MALFORMED_JSON'],
    ['a text body', { payload: 'hello', contentType: 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a body over the limit',
      { payload: JSON.stringify({ text: 'x'.repeat(100) }), contentType: 'application/json' },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('should answer %s with problem details', async (_case, { payload, contentType }, status, code) => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      payload,
      headers: { 'content-type': contentType },
    });

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(response.json()).toMatchObject({ status, code, requestId });
    expect(logged).toEqual([]);
  });

  it('should log an unexpected error in full and answer only INTERNAL with the requestId', async () => {
    const response = await app.inject({ method: 'GET', url: '/explode' });

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.json()).toMatchObject({ code: 'INTERNAL', requestId });
    expect(logged).toEqual([
      expect.objectContaining({
        requestId,
        err: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }),
      }),
    ]);
  });
});
