import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelEntities, keelMigrations } from '@keel/schema';
import { AutomationModule } from '@keel/automation';
import { EventsModule } from '@keel/events';
import { JobsModule } from '@keel/jobs';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';

/**
 * The API app: the platform kernel plus the context modules. With KEEL_ROLE
 * `all` (the default) the same process also runs the worker side (the
 * outbox relay, event consumers, job handlers and schedules); `api` only
 * writes events and sends jobs.
 */
@Module({})
export class AppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: AppModule,
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
}
