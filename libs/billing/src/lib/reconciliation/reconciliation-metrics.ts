import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { MetricsRegistry } from '@keel/platform-observability';
import { MISMATCH_TYPES } from './billing-mismatch.entity';

/**
 * Reconciliation's Prometheus metrics, read from the database at scrape time
 * (as keel_owner through the tables' owner read policies), so every process
 * reports the same numbers whichever ran the reconciliation. No label names
 * a workspace.
 */
@Injectable()
export class ReconciliationMetrics {
  private readonly logger = new Logger(ReconciliationMetrics.name);

  constructor(
    metrics: MetricsRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const registers = [metrics.registry];
    const openByType = () => this.openByType();
    const lastSuccess = () => this.lastSuccess();
    new Gauge({
      name: 'keel_billing_mismatches_open',
      help: 'Mismatches between Keel and the payment provider found by the latest reconciliations and not resolved, by type.',
      labelNames: ['type'],
      registers,
      async collect() {
        const counts = await openByType();
        if (!counts) return;
        this.reset();
        for (const type of MISMATCH_TYPES) this.set({ type }, counts.get(type) ?? 0);
      },
    });
    new Gauge({
      name: 'keel_billing_reconciliation_last_success_timestamp_seconds',
      help: 'When the last reconciliation with the payment provider finished (unix seconds); 0 before the first.',
      registers,
      async collect() {
        const at = await lastSuccess();
        if (at !== undefined) this.set(at);
      },
    });
  }

  private async openByType(): Promise<Map<string, number> | undefined> {
    try {
      const rows: { type: string; open: number }[] = await runAsPlatformOwner(this.dataSource, (manager) =>
        manager.query(`SELECT type, count(*)::int AS open FROM billing_mismatches WHERE status = 'open' GROUP BY type`),
      );
      return new Map(rows.map((row) => [row.type, row.open]));
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, msg: 'open mismatches not read for this scrape' });
      return undefined;
    }
  }

  private async lastSuccess(): Promise<number | undefined> {
    try {
      const [row]: { at: number | null }[] = await runAsPlatformOwner(this.dataSource, (manager) =>
        manager.query(`SELECT extract(epoch FROM max(finished_at))::float8 AS at FROM billing_reconciliations`),
      );
      return row?.at ?? 0;
    } catch (error) {
      this.logger.warn({
        err: { message: (error as Error).message },
        msg: 'last reconciliation not read for this scrape',
      });
      return undefined;
    }
  }
}
