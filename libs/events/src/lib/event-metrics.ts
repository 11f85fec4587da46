import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { MetricsRegistry } from '@keel/platform-observability';
import { EventsConfig } from './events-config';

/** How often the outbox lags are measured; a scrape reads the last measurement and costs no query. */
const LAG_PROBE_INTERVAL_MS = 5_000;

/** The event backbone's Prometheus metrics. */
@Injectable()
export class EventMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly outboxLag: Gauge;
  /** Only with NATS configured: nothing is ever owed to JetStream otherwise. */
  private readonly natsLag?: Gauge;
  private lagProbe?: NodeJS.Timeout;
  readonly relayed: Counter<'target'>;
  readonly consumed: Counter<'consumer' | 'outcome'>;
  readonly deadLetters: Counter<'consumer'>;
  readonly consumeDuration: Histogram<'consumer'>;
  readonly pickupLatency: Histogram<'consumer'>;

  constructor(
    metrics: MetricsRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: EventsConfig,
  ) {
    const registers = [metrics.registry];
    this.outboxLag = new Gauge({
      name: 'keel_outbox_lag_seconds',
      help: 'Age of the oldest outbox event not yet relayed (0 when none waits), measured every 5 s.',
      registers,
    });
    if (config.NATS_URL !== undefined) {
      this.natsLag = new Gauge({
        name: 'keel_outbox_nats_lag_seconds',
        help: 'Age of the oldest event relayed to the queue but not yet published to JetStream (0 when none waits), measured every 5 s.',
        registers,
      });
    }
    this.relayed = new Counter({
      name: 'keel_events_relayed_total',
      help: 'Events relayed from the outbox, by target (queue: to the consumers; nats: to JetStream).',
      labelNames: ['target'],
      registers,
    });
    this.consumed = new Counter({
      name: 'keel_events_consumed_total',
      help: 'Event deliveries handled by consumers, by outcome (delivered, duplicate, failed, dead).',
      labelNames: ['consumer', 'outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'keel_event_dead_letters_total',
      help: 'Event deliveries given up after their last attempt.',
      labelNames: ['consumer'],
      registers,
    });
    this.consumeDuration = new Histogram({
      name: 'keel_event_consume_duration_seconds',
      help: 'Time a consumer took to handle one event, including its transaction.',
      labelNames: ['consumer'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.pickupLatency = new Histogram({
      name: 'keel_event_pickup_latency_seconds',
      help: 'Time from an event being committed to a consumer starting to handle it.',
      labelNames: ['consumer'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  onApplicationBootstrap(): void {
    void this.measureLag();
    this.lagProbe = setInterval(() => void this.measureLag(), LAG_PROBE_INTERVAL_MS);
    this.lagProbe.unref();
  }

  onApplicationShutdown(): void {
    if (this.lagProbe) clearInterval(this.lagProbe);
  }

  /**
   * As the owner role, whose relay policy sees every workspace's outbox rows.
   * Both lags in one query, which reads only the rows still waiting (each
   * condition has its partial index).
   */
  private async measureLag(): Promise<void> {
    try {
      const lags = await runAsPlatformOwner(this.dataSource, async (manager) => {
        const [row]: { queue: number | null; nats: number | null }[] = await manager.query(
          `SELECT extract(epoch FROM now() - min(occurred_at) FILTER (WHERE relayed_at IS NULL))::float8 AS queue,
                  extract(epoch FROM now() - min(occurred_at) FILTER (WHERE nats_pending))::float8 AS nats
             FROM outbox WHERE relayed_at IS NULL OR nats_pending`,
        );
        return { queue: row?.queue ?? 0, nats: row?.nats ?? 0 };
      });
      this.outboxLag.set(Math.max(lags.queue, 0));
      this.natsLag?.set(Math.max(lags.nats, 0));
    } catch {
      // The database is away: keep the last measurement; readiness reports the outage.
    }
  }
}
