export { ObservabilityModule } from './lib/observability.module';
export { MetricsRegistry } from './lib/metrics-registry';
export { UNMATCHED_ROUTE } from './lib/http-metrics';
export { createLogger } from './lib/create-logger';
export { redactSecrets, REDACTED } from './lib/redact';
