import { dirname, join } from 'node:path';
import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@keel/platform-config';
import { RequestContextModule } from '@keel/platform-context';
import { CryptoModule } from '@keel/platform-crypto';
import { DatabaseModule, registerPoolMetrics } from '@keel/platform-database';
import { MailConfig, MailModule, mailViewerMode } from '@keel/platform-mail';
import { HealthModule } from '@keel/platform-health';
import { MetricsRegistry, metricsExposure, ObservabilityModule } from '@keel/platform-observability';
import { QueueConfig, QueueModule } from '@keel/platform-queue';
import { StorageConfig, StorageModule } from '@keel/platform-storage';
import type { KeelApplication, KeelProcessContext } from './keel-application';
import { masterKeyFromConfig } from './master-key-from-config';

/** Wires what only exists once the pieces are up: pool gauges on the metrics registry. */
class PlatformWiring implements OnModuleInit {
  constructor(
    @Inject(MetricsRegistry) private readonly metrics: MetricsRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerPoolMetrics(this.metrics.registry, this.dataSource);
  }
}

/**
 * The shared kernel every Keel process runs: config, request context, logs and
 * metrics, database and transactions, the job queue, health. Apps add their
 * context modules beside it.
 */
@Module({})
export class PlatformModule {
  static forRoot(context: KeelProcessContext, schema: Pick<KeelApplication, 'entities' | 'migrations'>): DynamicModule {
    const { config, configs } = context;
    const queue = configs.get(QueueConfig);
    const mail = configs.get(MailConfig);
    const storage = configs.get(StorageConfig);
    const masterKey = masterKeyFromConfig(config, context.logger);
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(configs),
        RequestContextModule,
        ObservabilityModule.forRoot({
          metrics: context.metrics,
          exposeMetrics: metricsExposure(config).onApiPort,
          metricsToken: config.METRICS_TOKEN,
        }),
        DatabaseModule.forRoot({
          url: context.databaseUrl,
          poolMax: config.DB_POOL_MAX,
          statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
          entities: schema.entities,
          // Known to the DataSource so readiness can tell whether any is pending.
          migrations: schema.migrations,
        }),
        QueueModule.forRoot({
          url: context.databaseUrl,
          schema: queue.QUEUE_SCHEMA,
          runWorkers: context.role !== 'api',
          shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
          housekeepingCron: queue.HOUSEKEEPING_CRON,
        }),
        HealthModule,
        CryptoModule.forRoot({ masterKey }),
        MailModule.forRoot({
          smtpUrl: mail.MAIL_TRANSPORT === 'log' ? undefined : mail.SMTP_URL,
          from: mail.MAIL_FROM,
          redactLoggedLinks: mail.NODE_ENV === 'production',
          viewer: mailViewerMode(mail),
        }),
        StorageModule.forRoot({
          driver: storage.STORAGE_DRIVER,
          // Beside the embedded database by default, as the generated master key is.
          dir: storage.STORAGE_DIR ?? join(dirname(config.EMBEDDED_PG_DIR), 'storage'),
          s3: storage.S3_BUCKET
            ? {
                bucket: storage.S3_BUCKET,
                region: storage.S3_REGION,
                endpoint: storage.S3_ENDPOINT,
                accessKeyId: storage.S3_ACCESS_KEY_ID,
                secretAccessKey: storage.S3_SECRET_ACCESS_KEY,
                forcePathStyle: storage.S3_FORCE_PATH_STYLE ?? storage.S3_ENDPOINT !== undefined,
              }
            : undefined,
        }),
      ],
      providers: [PlatformWiring],
    };
  }
}
