import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { BenchItemsModule } from './bench-items/bench-items.module';
import { benchEntities, benchMigrations } from './bench-schema';

/**
 * The platform kernel plus one tenant-owned read model: the same composition
 * as apps/api, with a table to read until the real contexts bring theirs.
 */
@Module({})
export class BenchAppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: BenchAppModule,
      imports: [
        PlatformModule.forRoot(context, { entities: benchEntities, migrations: benchMigrations }),
        BenchItemsModule,
      ],
    };
  }
}
