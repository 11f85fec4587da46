export { HealthModule } from './lib/health.module';
export { ReadinessDetails } from './lib/readiness-details';
export type { ReadinessFacts } from './lib/readiness-details';
