import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ConfigSchema } from './config-schema';
import type { ConfigSet } from './config-set';
import { ListeningAddress } from './listening-address';

/**
 * Makes every validated config class injectable everywhere by its own type:
 * `KeelConfig` for the kernel's settings, `IdentityConfig` for identity's, …;
 * and the ListeningAddress the runtime fills in once the server listens.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(configs: ConfigSet): DynamicModule {
    const providers = configs.instances.map((instance) => ({
      provide: instance.constructor as ConfigSchema,
      useValue: instance,
    }));
    const address = { provide: ListeningAddress, useValue: new ListeningAddress() };
    return {
      module: ConfigModule,
      providers: [...providers, address],
      exports: [...providers.map((provider) => provider.provide), ListeningAddress],
    };
  }
}
