import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelContextModules, keelEntities, keelMigrations } from '@keel/schema';

/**
 * The worker app: the platform kernel with the queue consuming jobs and
 * keeping schedules, plus every context (`keelContexts`) without its HTTP
 * module: its consumers, relay and job handlers run, and no controller is
 * registered. Over HTTP it serves the kernel's /health and /metrics; any
 * other path is the usual 404 problem.
 */
@Module({})
export class WorkerModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations }),
        ...keelContextModules({ http: false }),
      ],
    };
  }
}
