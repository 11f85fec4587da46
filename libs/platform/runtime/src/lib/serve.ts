import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { ConfigSet, KeelConfig, ListeningAddress, listeningUrl } from '@keel/platform-config';
import {
  FrameworkLogger,
  MetricsListener,
  NestLogger,
  metricsExposure,
  MetricsRegistry,
  startMetricsListener,
} from '@keel/platform-observability';
import { configureHttpApplication } from './configure-http-application';
import { createHttpAdapter } from './http-adapter';
import type { KeelApplication } from './keel-application';
import { createOpenApiDocument, mountOpenApi } from './openapi';
import { migrateDatabase } from './database-commands';
import { provisionDatabase, ProvisionedDatabase } from './provision-database';

export interface RunningKeel {
  app: NestFastifyApplication;
  url: string;
  shutdown(signal: string): Promise<void>;
}

/** Creates the Nest application on Fastify with everything configured, without listening. */
export async function createKeelHttpApplication(
  application: KeelApplication,
  configs: ConfigSet,
  databaseUrl: string,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const config = configs.get(KeelConfig);
  const metrics = new MetricsRegistry({ version: application.version, commit: config.KEEL_COMMIT });
  const role = application.role ?? config.KEEL_ROLE;
  const app = await NestFactory.create<NestFastifyApplication>(
    application.rootModule({ config, configs, role, databaseUrl, logger, metrics }),
    createHttpAdapter(config),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(new FrameworkLogger(new NestLogger(logger)));
  await configureHttpApplication(app, config, metrics, logger);
  if (application.servesApi !== false) {
    mountOpenApi(app, () => createOpenApiDocument(app, application.version, application.apiReference?.(app)));
  }
  return app;
}

/** The port the server is bound to: PORT, or the one picked for PORT=0. */
function boundPort(app: NestFastifyApplication, configured: number): number {
  const address: unknown = app.getHttpServer().address();
  return typeof address === 'object' && address !== null && 'port' in address && typeof address.port === 'number'
    ? address.port
    : configured;
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => 'done' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Starts a Keel process: database (embedded when no DATABASE_URL), migrations,
 * the Nest app, the listener. Shutdown drains HTTP first (in-flight requests
 * finish within SHUTDOWN_GRACE_MS), then stops the worker and the pool, then
 * the embedded database.
 */
export async function serve(application: KeelApplication, configs: ConfigSet, logger: Logger): Promise<RunningKeel> {
  const config = configs.get(KeelConfig);
  let database: ProvisionedDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let metricsListener: MetricsListener | undefined;
  try {
    database = await provisionDatabase(config, logger);
    if (config.DB_MIGRATE_ON_START) {
      const applied = await migrateDatabase(application, database.url);
      logger.info({ applied, msg: applied.length ? 'migrations applied' : 'database schema is current' });
    }
    app = await createKeelHttpApplication(application, configs, database.url, logger);
    await app.listen({ port: config.PORT, host: config.HOST });
    // Mailed links to Keel's own pages (APP_URL unset) name the port really bound, not the default.
    app.get(ListeningAddress).listeningOn(config.HOST, boundPort(app, config.PORT));
    const { listener, token } = metricsExposure(config);
    if (listener) {
      metricsListener = await startMetricsListener(app.get(MetricsRegistry), { ...listener, token });
      logger.info({ url: metricsListener.url, msg: `metrics on ${metricsListener.url}` });
    }
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    throw error;
  }

  const url = listeningUrl(config.HOST, boundPort(app, config.PORT));
  const role = application.role ?? config.KEEL_ROLE;
  logger.info({ url, role, docs: `${url}/docs`, msg: `Keel ${application.name} listening on ${url}` });

  const running = app;
  const stopDatabase = database;
  const stopMetrics = metricsListener;
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ signal, msg: 'shutting down' });
      const fastify = running.getHttpAdapter().getInstance();
      const drained = await withTimeout(fastify.close(), config.SHUTDOWN_GRACE_MS);
      if (drained === 'timeout') {
        logger.warn({ msg: 'grace period over; closing the remaining connections' });
        fastify.server.closeAllConnections();
      }
      await running.close();
      await stopMetrics?.close();
      await stopDatabase.stop();
      logger.info({ msg: 'stopped' });
    })();
    return stopping;
  };
  return { app: running, url, shutdown };
}
