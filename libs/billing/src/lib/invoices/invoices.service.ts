import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { InvoiceResponse } from './dto/invoice.response';
import { InvoiceLine } from './invoice-line.entity';
import { Invoice } from './invoice.entity';
import { inInvoiceOrder } from './invoice-line-order';
import { InvoiceLines } from './invoice-lines';

/** Reading invoices, and the preview of the next; in the workspace's tenant transaction. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
    private readonly lines: InvoiceLines,
  ) {}

  private get invoices() {
    return this.txHost.tx.getRepository(Invoice);
  }

  /** Newest period first (ids are UUIDv7, made in period order). */
  async list(
    workspaceId: string,
    limit: number,
    beforeId?: string,
  ): Promise<{ invoice: Invoice; lines: InvoiceLine[] }[]> {
    const query = this.invoices
      .createQueryBuilder('invoice')
      .where('invoice.workspace_id = :workspaceId', { workspaceId })
      .orderBy('invoice.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('invoice.id < :beforeId', { beforeId });
    const invoices = await query.getMany();
    const lines =
      invoices.length === 0
        ? []
        : await this.txHost.tx.getRepository(InvoiceLine).find({
            where: { workspaceId, invoiceId: In(invoices.map((invoice) => invoice.id)) },
            order: { createdAt: 'ASC', id: 'ASC' },
          });
    return invoices.map((invoice) => ({
      invoice,
      lines: inInvoiceOrder(lines.filter((line) => line.invoiceId === invoice.id)),
    }));
  }

  async get(workspaceId: string, invoiceId: string): Promise<InvoiceResponse> {
    const invoice = await this.invoices.findOneBy({ workspaceId, id: invoiceId });
    if (!invoice) throw new DomainError('NOT_FOUND', 'No invoice of this workspace has this id.');
    const lines = await this.txHost.tx
      .getRepository(InvoiceLine)
      .find({ where: { workspaceId, invoiceId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return InvoiceResponse.of(invoice, inInvoiceOrder(lines));
  }

  /**
   * The invoice that will close the current period, as it stands now: the
   * next period's plan price (after a scheduled change or cancellation), the
   * prorations so far and the overage so far. Nothing is written.
   */
  async upcoming(workspaceId: string): Promise<InvoiceResponse> {
    const { subscription, plan, period } = await this.subscriptions.current(workspaceId);
    const { lines, currency } = await this.lines.closing(workspaceId, subscription, plan, period);
    const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    return {
      id: null,
      status: 'draft',
      currency,
      period: { start: period.start.toISOString(), end: period.end.toISOString() },
      lines: lines.map((line) => ({
        id: line.id,
        kind: line.kind,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        amount: line.amount,
        period: { start: line.periodStart.toISOString(), end: line.periodEnd.toISOString() },
        plan:
          line.planKey !== null && line.planVersion !== null ? { key: line.planKey, version: line.planVersion } : null,
        feature: line.feature,
      })),
      subtotal,
      total: subtotal,
      amountDue: Math.max(0, subtotal),
      attemptCount: 0,
      paymentFailedAt: null,
      finalizedAt: null,
      paidAt: null,
      voidedAt: null,
      markedUncollectibleAt: null,
      createdAt: null,
    };
  }
}
