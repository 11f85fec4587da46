import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { JobContext, JobHandler } from '@keel/jobs';
import { TenantTransactions } from '@keel/platform-database';
import { ProviderSync } from '../provider/provider-sync';
import { InvoicePayments } from './invoice-payments.service';
import { CLOSE_PERIOD_JOB, PeriodClosing } from './period-closing.service';

/**
 * A workspace's period close, as a job run (visible in its jobs ledger):
 * closes every ended period into a draft invoice, finalizes the drafts
 * (invoice.finalized; paid at once when nothing is due), then asks the
 * payment provider to collect each invoice with something due, and records a
 * payment or a failure it answers at once. Every step is idempotent, so a
 * retried attempt finishes what a failed one left.
 */
@Injectable()
export class ClosePeriodJob implements JobHandler {
  readonly type = CLOSE_PERIOD_JOB;
  readonly timeoutSeconds = 300;
  readonly maxAttempts = 5;
  private readonly logger = new Logger(ClosePeriodJob.name);

  constructor(
    private readonly cls: ClsService,
    private readonly tenants: TenantTransactions,
    private readonly closing: PeriodClosing,
    private readonly payments: InvoicePayments,
    private readonly providerSync: ProviderSync,
  ) {}

  run(context: JobContext): Promise<Record<string, unknown>> {
    return this.cls.run(async () => {
      const { workspaceId } = context;
      const { closed, finalized } = await this.tenants.runInTenantTransaction(workspaceId, async () => {
        const drafts = await this.closing.closeDue(workspaceId);
        return { closed: drafts.length, finalized: await this.closing.finalizeDrafts(workspaceId) };
      });
      const outcomes: Record<string, string> = {};
      for (const invoice of finalized.filter((each) => each.status === 'open')) {
        const { outcome } = await this.providerSync.collect(workspaceId, invoice.id);
        outcomes[invoice.id] = outcome;
        if (outcome === 'pending') continue;
        await this.tenants.runInTenantTransaction(workspaceId, () =>
          this.payments.record(workspaceId, invoice.id, outcome === 'paid' ? 'paid' : 'payment_failed'),
        );
      }
      if (closed + finalized.length > 0) {
        this.logger.log({ workspaceId, closed, finalized: finalized.length, msg: 'closed billing periods' });
      }
      return { periodsClosed: closed, invoicesFinalized: finalized.map((invoice) => invoice.id), collection: outcomes };
    });
  }
}
