import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createHttpDurationHistogram } from './http-metrics';

const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The process's Prometheus registry: runtime metrics, HTTP latency, and
 * whatever gauges other modules add (database pool, queue).
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  /** `build`: what keel_build_info says is running (version, and the commit when known). */
  constructor(build?: { version: string; commit?: string }) {
    collectDefaultMetrics({ register: this.registry });
    if (build) {
      new Gauge({
        name: 'keel_build_info',
        help: 'Always 1; its labels say which Keel is running: version, commit (when known) and Node.js version.',
        labelNames: ['version', 'commit', 'node'],
        registers: [this.registry],
      }).set({ version: build.version, node: process.version, ...(build.commit ? { commit: build.commit } : {}) }, 1);
    }
    // prom-client names these gauges `*_total`, which Prometheus reserves for counters (promtool rejects them).
    for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
    this.httpDuration = createHttpDurationHistogram(this.registry);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
