import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@keel/platform-observability';
import type { WebhookAttemptOutcome } from './deliveries/webhook-attempt-outcome';

/** How a delivery ended: its last attempt succeeded, every scheduled attempt failed, or its endpoint was disabled. */
export type WebhookDeliveryEnd = 'delivered' | 'failed' | 'cancelled';

/** Webhook deliveries' Prometheus metrics; no label names an endpoint or a workspace. */
@Injectable()
export class WebhookMetrics {
  readonly attempts: Counter<'outcome'>;
  readonly deliveries: Counter<'outcome'>;
  readonly attemptDuration: Histogram<'outcome'>;
  readonly endpointsDisabled: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.attempts = new Counter({
      name: 'keel_webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts, by outcome (success, http-error, timeout, network-error, refused).',
      labelNames: ['outcome'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'keel_webhook_deliveries_total',
      help: 'Webhook deliveries that reached an end, by outcome (delivered, failed after the last attempt, cancelled because the endpoint was disabled).',
      labelNames: ['outcome'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'keel_webhook_delivery_duration_seconds',
      help: 'Time one webhook delivery attempt took, from the request to the end of the response read, by outcome.',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.endpointsDisabled = new Counter({
      name: 'keel_webhook_endpoints_disabled_total',
      help: 'Webhook endpoints disabled by Keel after failing for 5 days without a success.',
      registers,
    });
  }

  attempted(outcome: WebhookAttemptOutcome, latencyMs: number): void {
    this.attempts.inc({ outcome });
    this.attemptDuration.observe({ outcome }, latencyMs / 1000);
  }

  ended(outcome: WebhookDeliveryEnd): void {
    this.deliveries.inc({ outcome });
  }
}
