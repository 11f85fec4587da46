import cors from '@fastify/cors';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { KeelConfig } from '@keel/platform-config';
import { identifyIncomingRequest } from '@keel/platform-context';
import { ProblemDetailsFilter, RequestValidationPipe } from '@keel/platform-errors';
import { MetricsRegistry, UNMATCHED_ROUTE } from '@keel/platform-observability';
import { sendRequestIdentityHeaders } from './request-identity-headers';

function installRequestHooks(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onRequest', async (request, reply) => {
    identifyIncomingRequest(request.raw).route = request.routeOptions.url;
    sendRequestIdentityHeaders(request, reply);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

/**
 * Everything every Keel HTTP process needs before routes are registered:
 * request identity and trace headers, metrics, problem details for errors
 * raised inside and outside Nest, security headers, CORS, and validation.
 */
export async function configureHttpApplication(
  app: NestFastifyApplication,
  config: KeelConfig,
  metrics: MetricsRegistry,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  installRequestHooks(fastify, metrics);

  // Only JSON bodies: anything else is 415, not a string handed to a handler.
  fastify.removeContentTypeParser(['text/plain']);

  // helmet's middleware is built once; @fastify/helmet rebuilds it (and re-parses the CSP) on every request.
  const securityHeaders = helmet({
    // The /docs page loads its script and styles from this server only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined)),
  );
  await app.register(cors, {
    origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'traceparent', 'traceresponse'],
  });

  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new RequestValidationPipe());
}
