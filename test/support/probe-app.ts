import { Body, Controller, DynamicModule, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsEmail, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { KeelConfig } from '@keel/platform-config';
import { createLogger } from '@keel/platform-observability';
import {
  createKeelHttpApplication,
  KeelApplication,
  KeelProcessContext,
  loadProcessConfig,
  PlatformModule,
} from '@keel/platform-runtime';
import { keelMigrations } from '@keel/schema';

/** The message of an error a careless repository might throw: it must never reach a client. */
export const LEAKY_ERROR_MESSAGE = 'relation "secret_table" does not exist';

export class CreateProbeItemDto {
  @IsString()
  @MinLength(3)
  name: string;

  @IsInt()
  @Min(1)
  @Max(10)
  quantity: number;

  @IsEmail()
  ownerEmail: string;
}

/** Test-only routes the foundation does not have yet: a validated body, and two ways to fail. */
@Controller('v1/probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('items')
  create(@Body() item: CreateProbeItemDto): { name: string; quantity: number } {
    return { name: item.name, quantity: item.quantity };
  }

  @Get('thrown-error')
  throwError(): never {
    throw new Error(LEAKY_ERROR_MESSAGE);
  }

  @Get('failed-query')
  async failQuery(): Promise<unknown> {
    return this.dataSource.query('SELECT secret_column FROM secret_table WHERE id = $1', ['e2e']);
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Module({})
class ProbeAppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: ProbeAppModule,
      imports: [PlatformModule.forRoot(context, { entities: [], migrations: keelMigrations }), ProbeModule],
    };
  }
}

const probeApplication: KeelApplication = {
  name: 'probe',
  version: '0.0.0-e2e',
  rootModule: (context) => ProbeAppModule.forRoot(context),
  entities: [],
  migrations: keelMigrations,
  role: 'api',
};

export interface RunningProbeApp {
  url: string;
  /** Every line the app logged so far, as written (JSON). */
  logs(): string;
  close(): Promise<void>;
}

/**
 * The platform exactly as the API composes it (createKeelHttpApplication:
 * adapter, hooks, filter, validation), plus the probe routes, listening on a
 * real port in this process, its log lines captured.
 */
export async function startProbeApp(databaseUrl: string): Promise<RunningProbeApp> {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const configs = loadProcessConfig(probeApplication, { KEEL_ROLE: 'api', LOG_LEVEL: 'info' });
  const logger = createLogger(configs.get(KeelConfig).LOG_LEVEL, destination);
  const app: NestFastifyApplication = await createKeelHttpApplication(probeApplication, configs, databaseUrl, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, logs: () => written, close: () => app.close() };
}
