import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessDetails } from './readiness-details';
import { ReadinessIndicators } from './readiness.indicators';

/** /health/live and /health/ready; global so any context can add its facts to readiness. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [ReadinessIndicators, ReadinessDetails],
  exports: [ReadinessDetails],
})
export class HealthModule {}
