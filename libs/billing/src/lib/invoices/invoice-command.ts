import { userInfo } from 'node:os';
import { ClsService } from 'nestjs-cls';
import { AuditLog } from '@keel/identity';
import { TenantTransactions } from '@keel/platform-database';
import { isUuid } from '@keel/platform-errors';
import type { KeelCommand, KeelCommandContext } from '@keel/platform-runtime';
import { INVOICE_OUTCOMES, InvoiceOutcome, InvoicePayments } from './invoice-payments.service';

const USAGE = `usage: main.js billing:invoice <workspaceId> <invoiceId> ${INVOICE_OUTCOMES.join('|')}\n`;

/** Who ran the command: the operating-system user. */
function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

function isOutcome(value: string | undefined): value is InvoiceOutcome {
  return INVOICE_OUTCOMES.includes(value as InvoiceOutcome);
}

/**
 * `main.js billing:invoice <workspaceId> <invoiceId> paid|payment_failed|void|uncollectible`
 * (`npm run billing:invoice -- …`): with the `none` provider, how an operator
 * records what happened to an invoice. `paid` restores a past_due workspace;
 * `payment_failed` makes it past_due (read-only after BILLING_GRACE_DAYS).
 * The same events follow as from a provider, and the change is in the
 * workspace's audit trail (`invoice.marked`) with the operating-system user.
 */
export const billingInvoiceCommand: KeelCommand = {
  // Only what the command needs: a private loopback port, no consumers or schedules.
  environment: { HOST: '127.0.0.1', PORT: '0', KEEL_ROLE: 'api' },
  async run({ app, args, print }: KeelCommandContext): Promise<void> {
    const [workspaceId, invoiceId, outcome, ...extra] = args;
    if (!isUuid(workspaceId) || !isUuid(invoiceId) || !isOutcome(outcome) || extra.length > 0) {
      process.stderr.write(USAGE);
      process.exitCode = 64;
      return;
    }
    const payments = app.get(InvoicePayments);
    const tenants = app.get(TenantTransactions);
    const audit = app.get(AuditLog);
    try {
      const invoice = await app.get(ClsService).run(() =>
        tenants.runInTenantTransaction(workspaceId, async () => {
          const recorded = await payments.record(workspaceId, invoiceId, outcome);
          await audit.recordInWorkspace(workspaceId, {
            action: 'invoice.marked',
            target: { type: 'invoice', id: invoiceId },
            data: { outcome, status: recorded.status, operator: operator() },
          });
          return recorded;
        }),
      );
      print(`Invoice ${invoice.id} is ${invoice.status} (${outcome} recorded).`);
    } catch (error) {
      process.stderr.write(`billing:invoice: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
};
