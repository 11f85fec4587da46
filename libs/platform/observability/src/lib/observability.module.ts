import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { identifyIncomingRequest } from '@keel/platform-context';
import { METRICS_TOKEN, MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';
import { UNMATCHED_ROUTE } from './http-metrics';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One line per request: what was asked, how it ended (with the problem code), for whom and by whom. */
function requestLine(req: IncomingMessage, res: ServerResponse, responseTime: number) {
  const identity = identifyIncomingRequest(req);
  return {
    method: req.method,
    route: identity.route ?? UNMATCHED_ROUTE,
    statusCode: res.statusCode,
    ...(res.statusCode >= 400 && identity.problemCode ? { code: identity.problemCode } : {}),
    durationMs: Math.round(responseTime * 1000) / 1000,
    ...(identity.workspaceId ? { workspaceId: identity.workspaceId } : {}),
    ...(identity.actorType ? { actorType: identity.actorType, actorId: identity.actorId } : {}),
    traceId: identity.trace.traceId,
  };
}

/**
 * Logs (nestjs-pino on the process logger: one JSON line per request, the
 * request id bound to every line logged while serving it) and metrics.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: {
    logger: Logger;
    metrics: MetricsRegistry;
    /** Serve /metrics on the API's port (see metricsExposure). */
    exposeMetrics: boolean;
    metricsToken?: string;
  }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: options.logger,
            genReqId: (req) => identifyIncomingRequest(req).requestId,
            // Loggers bound to a request carry only its id; the raw request (headers, cookies,
            // query string) is never attached, so nothing secret rides along as a binding.
            quietReqLogger: true,
            quietResLogger: true,
            customAttributeKeys: { reqId: 'requestId' },
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
            customSuccessObject: (req, res, value: { responseTime: number }) =>
              requestLine(req, res, value.responseTime),
            customErrorObject: (req, res, _error, value: { responseTime: number }) =>
              requestLine(req, res, value.responseTime),
            customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
          },
        }),
      ],
      controllers: options.exposeMetrics ? [MetricsController] : [],
      providers: [
        { provide: MetricsRegistry, useValue: options.metrics },
        { provide: METRICS_TOKEN, useValue: options.metricsToken },
      ],
      exports: [MetricsRegistry],
    };
  }
}
