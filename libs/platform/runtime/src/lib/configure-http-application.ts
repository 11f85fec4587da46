import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import { KeelConfig } from '@keel/platform-config';
import type { Logger } from 'pino';
import { identifyIncomingRequest, openRequestContext } from '@keel/platform-context';
import {
  DomainError,
  exceedsJsonDepth,
  findInvalidCharacters,
  invalidCharacters,
  MAX_JSON_DEPTH,
  ProblemDetailsFilter,
  RequestValidationPipe,
} from '@keel/platform-errors';
import { logRequest, MetricsRegistry, UNMATCHED_ROUTE } from '@keel/platform-observability';
import { sendRequestIdentityHeaders } from './request-identity-headers';
import { installSecurityHeaders } from './security-headers';

/**
 * The first hook of every request: its identity (request id, trace) and
 * headers, its log line once the response is over (or the client gave up on
 * it: `close` comes either way, once), and its CLS request context, inside
 * which the rest of the request runs. Metrics when the response is finished.
 */
function installRequestHooks(fastify: FastifyInstance, metrics: MetricsRegistry, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const { raw } = request;
    identifyIncomingRequest(raw).route = request.routeOptions.url;
    sendRequestIdentityHeaders(request, reply);
    reply.raw.on('close', () => logRequest(logger, raw, reply.raw, reply.elapsedTime));
    openRequestContext(raw, request.ip, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** A request whose route declared `@RouteConfig({ rawBody: true })` keeps the bytes of its JSON body here. */
export interface RequestWithRawBody {
  rawBody?: Buffer;
}

/**
 * The only body parser: JSON, its depth checked by one loop over the bytes
 * before the (recursive) parser sees it. Registering it keeps Nest from
 * adding its form parser: a form body (what `curl -d` sends) is 415, never
 * fields made of whatever the client typed. A route that verifies a
 * signature over the exact bytes (a payment provider's webhook) declares
 * `@RouteConfig({ rawBody: true })` and finds them in `request.rawBody`.
 */
function installJsonBodyParser(app: NestFastifyApplication, fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (exceedsJsonDepth(body)) {
      done(
        new DomainError(
          'BODY_TOO_DEEP',
          `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
        undefined,
      );
      return;
    }
    const config = request.routeOptions.config as { rawBody?: unknown } | undefined;
    if (config?.rawBody === true) (request as RequestWithRawBody).rawBody = body;
    parseJson(request, body.toString('utf8'), done);
  });
}

/**
 * multipart/form-data is read by @fastify/multipart, and only on routes that
 * declare `@RouteConfig({ multipart: true })` (evidence uploads): everywhere
 * else it is 415 like any other body that is not JSON. Limits are the
 * route's own (the handler passes them when it reads the parts).
 */
async function installMultipart(app: NestFastifyApplication, fastify: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 10, parts: 12, fieldSize: 4096 } });
  fastify.addHook('onRequest', async (request) => {
    const contentType = request.headers['content-type'];
    if (typeof contentType !== 'string' || !/^\s*multipart\/form-data/i.test(contentType)) return;
    const config = request.routeOptions.config as { multipart?: unknown } | undefined;
    if (config?.multipart === true) return;
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Keel accepts request bodies as application/json only; send the body as JSON with that Content-Type.',
    );
  });
}

/**
 * Strings PostgreSQL cannot store (a NUL) or that are not text (a lone
 * surrogate) are refused for every route before validation, wherever they
 * are: body, query, path. Otherwise they surface as a database error, a 500.
 */
async function refuseInvalidCharacters(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): Promise<void> {
  const errors = [
    ...findInvalidCharacters(request.params, 'path'),
    ...findInvalidCharacters(request.query, 'query'),
    ...findInvalidCharacters(request.body, 'body'),
  ];
  if (errors.length > 0) throw invalidCharacters(errors);
}

/**
 * While draining on shutdown, a request that still arrives (pipelined, or on
 * a keep-alive connection) is told to go elsewhere: 503 as problem details,
 * where Fastify's own `return503OnClosing` answers plain JSON.
 */
function installClosingRefusal(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', async (_request, reply: FastifyReply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    throw new DomainError('SERVICE_UNAVAILABLE', 'This server is shutting down; send the request again.');
  });
}

/**
 * Everything every Keel HTTP process needs before routes are registered:
 * request identity and trace headers, the request context and log line, metrics, problem details for errors
 * raised inside and outside Nest, security headers, CORS, and validation.
 */
export async function configureHttpApplication(
  app: NestFastifyApplication,
  config: KeelConfig,
  metrics: MetricsRegistry,
  logger: Logger,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  installRequestHooks(fastify, metrics, logger);
  installClosingRefusal(fastify);

  // Only JSON bodies: anything else is 415, not a string handed to a handler.
  fastify.removeContentTypeParser(['text/plain']);
  installJsonBodyParser(app, fastify, config.BODY_LIMIT_BYTES);
  await installMultipart(app, fastify);
  fastify.addHook('preValidation', refuseInvalidCharacters);

  installSecurityHeaders(fastify);
  await app.register(cors, {
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    credentials: true,
    // A web client reads its rate limits and when to come back (Retry-After is not CORS-safelisted).
    exposedHeaders: ['x-request-id', 'traceparent', 'traceresponse', 'ratelimit-policy', 'ratelimit', 'retry-after'],
  });

  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new RequestValidationPipe());
}
