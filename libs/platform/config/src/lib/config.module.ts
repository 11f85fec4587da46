import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ConfigSchema } from './config-schema';
import type { ConfigSet } from './config-set';

/**
 * Makes every validated config class injectable everywhere by its own type:
 * `KeelConfig` for the kernel's settings, `IdentityConfig` for identity's, …
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(configs: ConfigSet): DynamicModule {
    const providers = configs.instances.map((instance) => ({
      provide: instance.constructor as ConfigSchema,
      useValue: instance,
    }));
    return { module: ConfigModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
