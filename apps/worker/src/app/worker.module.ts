import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelEntities, keelMigrations } from '@keel/schema';

/**
 * The worker app: the platform kernel with the queue consuming jobs and
 * keeping schedules (housekeeping). Context libs add their job modules here.
 * Over HTTP it serves /health and /metrics only.
 */
@Module({})
export class WorkerModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations })],
    };
  }
}
