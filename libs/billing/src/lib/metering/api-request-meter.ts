import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { TenantTransactions } from '@keel/platform-database';
import { API_REQUESTS_METER, hourOf, UsageRollups } from './usage-rollups';

/** How often the counted requests are written. */
const FLUSH_INTERVAL_MS = 2_000;

/**
 * Counts every authenticated workspace request for the built-in
 * `api_requests` meter. Counting in the request's own transaction would
 * serialise a workspace's requests on one rollup row, so this process adds
 * them up per workspace and hour and writes them every two seconds (and at
 * shutdown), one upsert per workspace: a crash loses at most those two
 * seconds of request counts, never a reported usage event.
 */
@Injectable()
export class ApiRequestMeter implements OnApplicationShutdown {
  private readonly logger = new Logger(ApiRequestMeter.name);
  private pending = new Map<string, Map<number, number>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly tenants: TenantTransactions,
    private readonly rollups: UsageRollups,
  ) {}

  count(workspaceId: string, at = new Date()): void {
    const hour = hourOf(at).getTime();
    const hours = this.pending.get(workspaceId) ?? new Map<number, number>();
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
    this.pending.set(workspaceId, hours);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
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

  private async write(batch: Map<string, Map<number, number>>): Promise<void> {
    for (const [workspaceId, hours] of batch) {
      try {
        await this.tenants.runInTenantTransaction(workspaceId, () =>
          this.rollups.apply(
            workspaceId,
            [...hours].map(([hour, requests]) => ({
              meterKey: API_REQUESTS_METER,
              bucketStart: new Date(hour),
              groupKey: '',
              groupValues: {},
              value: requests,
            })),
            'add',
          ),
        );
      } catch (error) {
        // A workspace deleted meanwhile has no rows to add to; anything else is logged and dropped.
        this.logger.warn(`api_requests of workspace ${workspaceId} not written: ${(error as Error).message}`);
      }
    }
  }
}
