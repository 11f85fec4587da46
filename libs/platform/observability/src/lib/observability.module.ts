import { DynamicModule, Global, Module } from '@nestjs/common';
import { METRICS_TOKEN, MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

/**
 * Metrics (the registry, and /metrics on the API's port when exposed there).
 * Logs need no module: the request line is written by a Fastify hook
 * (logRequest, installed with the other request hooks in platform-runtime)
 * and Nest logs through NestLogger.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: {
    metrics: MetricsRegistry;
    /** Serve /metrics on the API's port (see metricsExposure). */
    exposeMetrics: boolean;
    metricsToken?: string;
  }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: options.exposeMetrics ? [MetricsController] : [],
      providers: [
        { provide: MetricsRegistry, useValue: options.metrics },
        { provide: METRICS_TOKEN, useValue: options.metricsToken },
      ],
      exports: [MetricsRegistry],
    };
  }
}
