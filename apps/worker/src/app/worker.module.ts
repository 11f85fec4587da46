import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AutomationModule } from '@keel/automation';
import { EventsModule } from '@keel/events';
import { JobsModule } from '@keel/jobs';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelEntities, keelMigrations } from '@keel/schema';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';
import { WorkerRoutesMiddleware } from './worker-routes.middleware';

/**
 * The worker app: the platform kernel with the queue consuming jobs and
 * keeping schedules, plus the context modules whose consumers, relay and job
 * handlers it runs. Over HTTP it serves /health and /metrics only.
 */
@Module({})
export class WorkerModule implements NestModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations }),
        TenancyModule,
        EventsModule,
        JobsModule,
        WorkflowsModule,
        AutomationModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(WorkerRoutesMiddleware)
      .exclude({ path: 'health/{*rest}', method: RequestMethod.ALL }, { path: 'metrics', method: RequestMethod.ALL })
      .forRoutes({ path: '{*rest}', method: RequestMethod.ALL });
  }
}
