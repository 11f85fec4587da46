import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { JobRunsService } from '@keel/jobs';
import { TenantTransactions } from '@keel/platform-database';

/**
 * For billing's schedules, which run outside any request: queues one job run
 * of `type` in each workspace, each in a tenant transaction (and request
 * context) of its own, so every run is its workspace's, retried and visible
 * in its jobs ledger like any other.
 */
@Injectable()
export class ScheduledRuns {
  constructor(
    private readonly cls: ClsService,
    private readonly tenants: TenantTransactions,
    private readonly jobs: JobRunsService,
  ) {}

  async startInEach(workspaceIds: readonly string[], type: string): Promise<void> {
    for (const workspaceId of workspaceIds) {
      await this.cls.run(() =>
        this.tenants.runInTenantTransaction(workspaceId, () => this.jobs.start(workspaceId, type, {})),
      );
    }
  }
}
