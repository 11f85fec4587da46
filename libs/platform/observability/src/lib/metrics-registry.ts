import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { createHttpDurationHistogram } from './http-metrics';

/**
 * The process's Prometheus registry: runtime metrics, HTTP latency, and
 * whatever gauges other modules add (database pool, queue).
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = createHttpDurationHistogram(this.registry);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
