import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { AuditChainAnchors } from './audit-chain-anchors';

/**
 * Anchors the audit chains hourly: the head of every workspace's and every
 * account's chain that moved since, signed with the platform's signing key
 * (docs/security.md, "The audit chain").
 */
@Injectable()
export class AuditAnchoringJob implements ScheduledJob, OnModuleInit {
  readonly name = 'audit.anchoring';
  readonly cron = '7 * * * *';

  constructor(
    private readonly queue: JobQueue,
    private readonly anchors: AuditChainAnchors,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    await this.anchors.anchorHeads();
  }
}
