import { Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { KeelConfig } from '@keel/platform-config';
import { identifyIncomingRequest } from '@keel/platform-context';
import { sendProblem } from '@keel/platform-errors';
import { parseTrustProxy } from './trust-proxy';

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

/** Fastify as Keel runs it: our request ids, body limit, timeouts, proxy trust. */
export function createHttpAdapter(config: KeelConfig): FastifyAdapter {
  return new KeelFastifyAdapter({
    genReqId: (raw: IncomingMessage) => identifyIncomingRequest(raw).requestId,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionTimeout: config.REQUEST_TIMEOUT_MS,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // While draining on shutdown, keep-alive clients are told to go elsewhere.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
}
