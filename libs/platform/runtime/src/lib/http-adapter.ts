import { Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { KeelConfig } from '@keel/platform-config';
import { identifyIncomingRequest } from '@keel/platform-context';
import { sendProblem } from '@keel/platform-errors';
import { answerClientError, rawProblemAnswer } from './client-error-answer';
import { parseTrustProxy } from './trust-proxy';
import { sendRequestIdentityHeaders } from './request-identity-headers';

const frameworkErrorLogger = new Logger('Problems');

/**
 * Nest installs a Fastify error handler that flattens Fastify's own errors
 * (body too large, bad JSON, unsupported media type) into plain HTTP
 * exceptions and loses their codes. Keel's adapter installs the problem
 * details handler in its place, so those errors keep a precise `code`.
 */
class KeelFastifyAdapter extends FastifyAdapter {
  private readonly problemLogger = new Logger('Problems');

  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance().setErrorHandler((error, request, reply) =>
      sendProblem(error, request, reply, this.problemLogger),
    );
  }
}

/**
 * An `Expect` other than 100-continue: Node answers 417 with an empty body
 * unless someone listens; Keel answers it as problem details.
 */
function answerExpectationsAsProblems(server: Server): Server {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    response.socket?.end(rawProblemAnswer('EXPECTATION_FAILED', 'Only "Expect: 100-continue" is supported.'));
  });
  return server;
}

function createRequestTimedServer(requestTimeoutMs: number, handler: RequestListener): Server {
  if (requestTimeoutMs === 0) return answerExpectationsAsProblems(createServer({ requestTimeout: 0 }, handler));
  return answerExpectationsAsProblems(
    createServer(
      {
        // A client has this long to send its whole request; then Node answers 408 and closes.
        requestTimeout: requestTimeoutMs,
        headersTimeout: Math.min(requestTimeoutMs, 60_000),
        connectionsCheckingInterval: Math.min(Math.max(Math.floor(requestTimeoutMs / 4), 250), 30_000),
        keepAliveTimeout: 72_000,
      },
      handler,
    ),
  );
}

/** The longest path parameter the router matches (Fastify's default, said here so the OpenAPI document can say it). */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/** Fastify as Keel runs it: our request ids, body limit, timeouts, proxy trust. */
export function createHttpAdapter(config: KeelConfig): FastifyAdapter {
  return new KeelFastifyAdapter({
    genReqId: (raw: IncomingMessage) => identifyIncomingRequest(raw).requestId,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    // Node enforces requestTimeout only when it sweeps connections (every 30 s by default), so
    // the server is made here with a sweep fine enough for the configured timeout to mean something.
    serverFactory: (handler: RequestListener) => createRequestTimedServer(config.REQUEST_TIMEOUT_MS, handler),
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // While draining on shutdown, keep-alive clients are told to go elsewhere: by Keel's own
    // hook (configure-http-application.ts), as problem details, not by Fastify's plain JSON.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // What Node's parser refuses before a request exists (431, conflicting lengths, 408): problem details.
    clientErrorHandler: answerClientError,
    // Errors Fastify answers before any hook or handler (a malformed URL): problem details too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      sendRequestIdentityHeaders(request, reply);
      sendProblem(error, request, reply, frameworkErrorLogger);
    },
  });
}
