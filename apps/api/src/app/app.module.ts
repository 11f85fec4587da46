import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelContextModules, keelEntities, keelMigrations } from '@keel/schema';

/**
 * The API app: the platform kernel plus every context (`keelContexts`) with
 * its routes. With KEEL_ROLE `all` (the default) the same process also runs
 * the worker side (the outbox relay, event consumers, job handlers and
 * schedules); `api` only writes events and sends jobs.
 */
@Module({})
export class AppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations }),
        ...keelContextModules({ http: true }),
      ],
    };
  }
}
