import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { JobContext, JobHandler } from '@keel/jobs';
import { Reconciler } from './reconciler';

export const RECONCILE_JOB = 'billing.reconcile';

/**
 * One workspace's reconciliation as a job run (visible in its jobs ledger,
 * `GET …/jobs?type=billing.reconcile`): its subscription and invoices
 * compared with the provider's, the mismatches recorded. Retried on failure
 * (the provider unreachable); a retry records a fresh run.
 */
@Injectable()
export class ReconcileJob implements JobHandler {
  readonly type = RECONCILE_JOB;
  readonly timeoutSeconds = 300;
  readonly maxAttempts = 3;

  constructor(
    private readonly cls: ClsService,
    private readonly reconciler: Reconciler,
  ) {}

  run(context: JobContext): Promise<Record<string, unknown>> {
    return this.cls.run(async () => {
      const { reconciliation, mismatches } = await this.reconciler.reconcile(context.workspaceId, 'job', context.runId);
      const byType: Record<string, number> = {};
      for (const mismatch of mismatches) byType[mismatch.type] = (byType[mismatch.type] ?? 0) + 1;
      return { reconciliationId: reconciliation.id, mismatches: mismatches.length, byType };
    });
  }
}
