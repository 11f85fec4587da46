import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ConfigModule } from './config.module';
import { ConfigSection } from './config-section.decorator';
import { toInteger } from './env-transforms';
import { EnvVar } from './env-var.decorator';
import { KeelConfig } from './keel-config';
import { loadConfig } from './load-config';

/** Stands in for a context's config class (a kernel lib may not import the contexts' own). */
@ConfigSection('Example context')
class ExampleContextConfig {
  @EnvVar({ type: 'integer', description: 'Lifetime of an example, in days.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  EXAMPLE_TTL_DAYS = 7;
}

/** A context's service: injects its own config class, and the kernel's, by type alone. */
@Injectable()
class ExampleService {
  constructor(
    readonly config: ExampleContextConfig,
    readonly kernel: KeelConfig,
  ) {}
}

/** A module of its own that does not import ConfigModule: the config classes reach it because the module is global. */
@Module({ providers: [ExampleService] })
class ExampleModule {}

describe('ConfigModule', () => {
  it('should make every loaded config class injectable by its own type, in every module', async () => {
    const configs = loadConfig({ EXAMPLE_TTL_DAYS: '30', PORT: '8080' }, [KeelConfig, ExampleContextConfig]);

    @Module({ imports: [ConfigModule.forRoot(configs), ExampleModule] })
    class RootModule {}

    const app = await NestFactory.createApplicationContext(RootModule, { logger: false });
    try {
      const service = app.get(ExampleService);
      expect(service.config.EXAMPLE_TTL_DAYS).toBe(30);
      expect(service.kernel.PORT).toBe(8080);
      expect(service.config).toBe(configs.get(ExampleContextConfig));
    } finally {
      await app.close();
    }
  });
});
