import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { MetricsRegistry } from '@keel/platform-observability';
import { MISMATCH_TYPES } from './billing-mismatch.entity';

interface ReconciliationFigures {
  open: Map<string, number>;
  /** Unix seconds of the last finished reconciliation; 0 before the first. */
  lastSuccess: number;
}

/**
 * Reconciliation's Prometheus metrics, read from the database at scrape time
 * (as keel_owner through the tables' owner read policies), so every process
 * reports the same numbers whichever ran the reconciliation. One read serves
 * both gauges, and it starts after the scrape's synchronous gauges (the
 * database pool's) were read, so the pool gauges never count the scrape's own
 * read as a waiting request. No label names a workspace.
 */
@Injectable()
export class ReconciliationMetrics {
  private readonly logger = new Logger(ReconciliationMetrics.name);
  private reading: Promise<ReconciliationFigures | undefined> | null = null;

  constructor(
    metrics: MetricsRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const registers = [metrics.registry];
    const figures = () => this.figures();
    new Gauge({
      name: 'keel_billing_mismatches_open',
      help: 'Mismatches between Keel and the payment provider found by the latest reconciliations and not resolved, by type.',
      labelNames: ['type'],
      registers,
      async collect() {
        const read = await figures();
        if (!read) return;
        this.reset();
        for (const type of MISMATCH_TYPES) this.set({ type }, read.open.get(type) ?? 0);
      },
    });
    new Gauge({
      name: 'keel_billing_reconciliation_last_success_timestamp_seconds',
      help: 'When the last reconciliation with the payment provider finished (unix seconds); 0 before the first.',
      registers,
      async collect() {
        const read = await figures();
        if (read) this.set(read.lastSuccess);
      },
    });
  }

  /** The figures of this scrape: one read shared by the gauges that ask while it runs. */
  private figures(): Promise<ReconciliationFigures | undefined> {
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<ReconciliationFigures | undefined> {
    await nextTurn();
    try {
      const rows: { type: string | null; open: number; last_success: number | null }[] = await runAsPlatformOwner(
        this.dataSource,
        (manager) =>
          manager.query(
            `SELECT type, count(*)::int AS open, NULL::float8 AS last_success
               FROM billing_mismatches WHERE status = 'open' GROUP BY type
             UNION ALL
             SELECT NULL, 0, extract(epoch FROM max(finished_at))::float8 FROM billing_reconciliations`,
          ),
      );
      const open = new Map<string, number>();
      let lastSuccess = 0;
      for (const row of rows) {
        if (row.type === null) lastSuccess = row.last_success ?? 0;
        else open.set(row.type, row.open);
      }
      return { open, lastSuccess };
    } catch (error) {
      this.logger.warn({
        err: { message: (error as Error).message },
        msg: 'reconciliation metrics not read for this scrape',
      });
      return undefined;
    }
  }
}
