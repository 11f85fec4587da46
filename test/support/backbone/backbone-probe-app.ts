import { DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { KeelConfig } from '@keel/platform-config';
import { createLogger } from '@keel/platform-observability';
import {
  createKeelHttpApplication,
  KeelApplication,
  KeelProcessContext,
  loadProcessConfig,
  PlatformModule,
} from '@keel/platform-runtime';
import { keelConfigSchemas, keelEntities, keelMigrations } from '@keel/schema';
import { EventsHttpModule } from '@keel/events';
import { JobsHttpModule } from '@keel/jobs';
import { TenancyHttpModule } from '@keel/tenancy';
import { ProbeBackboneModule } from './probe-backbone.module';

@Module({})
class BackboneProbeAppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: BackboneProbeAppModule,
      imports: [
        PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations }),
        // With their routes: the backbone suites sign up, make workspaces, and read events, dead letters and jobs.
        TenancyHttpModule,
        EventsHttpModule,
        JobsHttpModule,
        ProbeBackboneModule,
      ],
    };
  }
}

export interface RunningBackboneProbe {
  url: string;
  app: NestFastifyApplication;
  logs(): string;
  close(): Promise<void>;
}

/**
 * The platform, tenancy, events and jobs as the API composes them, plus a
 * probe event type, consumer and job types, in this process on a real port:
 * for testing the backbone itself. `role` all runs the relay and workers.
 */
export async function startBackboneProbe(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RunningBackboneProbe> {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const application: KeelApplication = {
    name: 'backbone-probe',
    version: '0.0.0-e2e',
    rootModule: (context) => BackboneProbeAppModule.forRoot(context),
    configs: keelConfigSchemas,
    entities: keelEntities,
    migrations: keelMigrations,
  };
  // It listens on loopback below: say so, or /metrics moves to a listener of its own that this probe never starts.
  const configs = loadProcessConfig(application, { LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env });
  const logger = createLogger(configs.get(KeelConfig).LOG_LEVEL, destination);
  const app = await createKeelHttpApplication(application, configs, databaseUrl, logger);
  app.enableShutdownHooks();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, logs: () => written, close: () => app.close() };
}
