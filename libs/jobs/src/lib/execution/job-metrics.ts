import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@keel/platform-observability';

/** Job run outcomes and durations, by type. */
@Injectable()
export class JobMetrics {
  readonly attempts: Counter<'type' | 'outcome'>;
  readonly duration: Histogram<'type' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.attempts = new Counter({
      name: 'keel_job_attempts_total',
      help: 'Job attempts that ended, by type and outcome (succeeded, failed, retrying, cancelled, lost).',
      labelNames: ['type', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'keel_job_duration_seconds',
      help: 'Duration of job attempts, by type and outcome.',
      labelNames: ['type', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers: [metrics.registry],
    });
  }
}
