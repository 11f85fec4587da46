import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { JobsModule } from './jobs.module';
import { JobsController } from './runs/jobs.controller';

/** The job runs routes: list, read, events, cancel, retry. */
@Module({
  imports: [JobsModule, TenancyModule],
  controllers: [JobsController],
})
export class JobsHttpModule {}
