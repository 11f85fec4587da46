import { DynamicModule, Global, Module } from '@nestjs/common';
import { KeelConfig } from './keel-config';

/** Makes the validated configuration injectable as `KeelConfig` everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: KeelConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: KeelConfig, useValue: config }],
      exports: [KeelConfig],
    };
  }
}
