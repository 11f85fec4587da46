import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { DATABASE_OWNER_ROLE } from '@keel/platform-database';
import { MetricsRegistry } from '@keel/platform-observability';

/** How often the outbox lag is measured; a scrape reads the last measurement and costs no query. */
const LAG_PROBE_INTERVAL_MS = 5_000;

/** The event backbone's Prometheus metrics. */
@Injectable()
export class EventMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly outboxLag: Gauge;
  private lagProbe?: NodeJS.Timeout;
  readonly relayed: Counter<'target'>;
  readonly consumed: Counter<'consumer' | 'outcome'>;
  readonly deadLetters: Counter<'consumer'>;
  readonly consumeDuration: Histogram<'consumer'>;
  readonly pickupLatency: Histogram<'consumer'>;

  constructor(
    metrics: MetricsRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const registers = [metrics.registry];
    this.outboxLag = new Gauge({
      name: 'keel_outbox_lag_seconds',
      help: 'Age of the oldest outbox event not yet relayed (0 when none waits), measured every 5 s.',
      registers,
    });
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

  /** As the owner role, whose relay policy sees every workspace's outbox rows. */
  private async measureLag(): Promise<void> {
    try {
      const lag = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
        const [row]: { lag: number | null }[] = await manager.query(
          `SELECT extract(epoch FROM now() - min(occurred_at))::float8 AS lag FROM outbox WHERE relayed_at IS NULL`,
        );
        return row?.lag ?? 0;
      });
      this.outboxLag.set(Math.max(lag, 0));
    } catch {
      // The database is away: keep the last measurement; readiness reports the outage.
    }
  }
}
