import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { TenantTransactions } from '@keel/platform-database';
import { API_REQUESTS_METER, BuiltInMeter } from './built-in-meters';
import { BuiltInThresholds } from './built-in-thresholds';
import { hourOf, UsageRollups } from './usage-rollups';

/** How often the counted usage is written. */
const FLUSH_INTERVAL_MS = 2_000;

/**
 * Counts the built-in meters — every authenticated workspace request for
 * `api_requests`, AI tools' tokens and tool calls — per workspace, meter and
 * hour in this process, and writes them every two seconds (and at shutdown),
 * one upsert per workspace. Counting in the request's own transaction would
 * serialise a workspace's requests (and its AI executions, which hold theirs
 * for as long as a model runs) on one rollup row. A crash loses at most those
 * two seconds of built-in counts, never a reported usage event. Each write
 * also announces the plan thresholds the meters it wrote have reached.
 */
@Injectable()
export class BuiltInUsageCounter implements OnApplicationShutdown {
  private readonly logger = new Logger(BuiltInUsageCounter.name);
  /** workspace → `meter\nhour` → amount. */
  private pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly tenants: TenantTransactions,
    private readonly rollups: UsageRollups,
    private readonly thresholds: BuiltInThresholds,
  ) {}

  count(workspaceId: string, at = new Date(), meter: BuiltInMeter = API_REQUESTS_METER, amount = 1): void {
    if (!(amount > 0)) return;
    const key = `${meter}\n${hourOf(at).getTime()}`;
    const counted = this.pending.get(workspaceId) ?? new Map<string, number>();
    counted.set(key, (counted.get(key) ?? 0) + amount);
    this.pending.set(workspaceId, counted);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** What this process counted for `meter` and not written yet: limits add it to the stored total. */
  unwritten(workspaceId: string, meter: BuiltInMeter): number {
    let amount = 0;
    for (const [key, value] of this.pending.get(workspaceId) ?? []) {
      if (key.startsWith(`${meter}\n`)) amount += value;
    }
    return amount;
  }

  /** Writes what was counted so far; resolves once it is committed. */
  flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  private async write(batch: Map<string, Map<string, number>>): Promise<void> {
    for (const [workspaceId, counted] of batch) {
      const deltas = [...counted].map(([key, value]) => {
        const [meterKey, hour] = key.split('\n');
        return { meterKey, bucketStart: new Date(Number(hour)), groupKey: '', groupValues: {}, value };
      });
      try {
        await this.tenants.runInTenantTransaction(workspaceId, () => this.rollups.apply(workspaceId, deltas, 'add'));
      } catch (error) {
        // A workspace deleted meanwhile has no rows to add to; anything else is logged and dropped.
        this.logger.warn(`built-in usage of workspace ${workspaceId} not written: ${(error as Error).message}`);
        continue;
      }
      try {
        // Apart, so a failure here never loses the counts; a threshold missed is announced by the next write.
        const meters = new Set(deltas.map((delta) => delta.meterKey));
        await this.tenants.runInTenantTransaction(workspaceId, () => this.thresholds.afterWriting(workspaceId, meters));
      } catch (error) {
        this.logger.warn(`plan thresholds of workspace ${workspaceId} not checked: ${(error as Error).message}`);
      }
    }
  }
}
