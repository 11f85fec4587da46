import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner, TenantTransactions } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { ExpiredApprovals } from './expired-approvals';

export const APPROVAL_EXPIRY_SCHEDULE = 'ai.approvals.expire';

/**
 * Every minute: finds the workspaces with an approval past its time still
 * pending (as keel_owner, through a policy that shows only those rows), and
 * settles each workspace's in a tenant transaction of its own, so an
 * execution waiting for an approval nobody gave ends within a minute of its
 * expiry (AI_APPROVAL_TTL_MINUTES) instead of waiting forever.
 */
@Injectable()
export class ApprovalExpiryJob implements ScheduledJob, OnModuleInit {
  readonly name = APPROVAL_EXPIRY_SCHEDULE;
  readonly cron = '* * * * *';
  private readonly logger = new Logger(ApprovalExpiryJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly cls: ClsService,
    private readonly tenants: TenantTransactions,
    private readonly expired: ExpiredApprovals,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const due: { workspace_id: string }[] = await runAsPlatformOwner(this.dataSource, (manager) =>
      manager.query(`SELECT DISTINCT workspace_id FROM ai_approvals WHERE status = 'pending' AND expires_at <= now()`),
    );
    let settled = 0;
    for (const { workspace_id: workspaceId } of due) {
      settled += await this.cls.run(() =>
        this.tenants.runInTenantTransaction(workspaceId, () => this.expired.settle(workspaceId)),
      );
    }
    if (settled > 0) this.logger.log({ workspaces: due.length, approvals: settled, msg: 'settled expired approvals' });
  }
}
