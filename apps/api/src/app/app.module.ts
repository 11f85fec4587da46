import { DynamicModule, Module } from '@nestjs/common';
import { KeelProcessContext, PlatformModule } from '@keel/platform-runtime';
import { keelEntities, keelMigrations } from '@keel/schema';
import { TenancyModule } from '@keel/tenancy';
import { WorkflowsModule } from '@keel/workflows';

/**
 * The API app: the platform kernel plus the context modules. With KEEL_ROLE
 * `all` (the default) the same process also runs the worker side of the
 * kernel (queue consumers and schedules); `api` only sends jobs.
 */
@Module({})
export class AppModule {
  static forRoot(context: KeelProcessContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(context, { entities: keelEntities, migrations: keelMigrations }),
        TenancyModule,
        WorkflowsModule,
      ],
    };
  }
}
