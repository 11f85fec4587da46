import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { MINOR_UNITS } from './minor-units';

/** `plan` (a period's price), `proration` (a mid-period upgrade), `overage` (metered usage past what is included). */
export type InvoiceLineKind = 'plan' | 'proration' | 'overage';

/**
 * One line of an invoice, amounts in integer minor units. A proration line is
 * written when the change happens, without an invoice, and joins the invoice
 * that closes its period.
 */
@Entity({ name: 'invoice_lines' })
@Index('invoice_lines_workspace_id_invoice_id_idx', ['workspaceId', 'invoiceId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Subscription', ['workspaceId', 'subscriptionId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
@ForeignKey('Invoice', ['workspaceId', 'invoiceId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class InvoiceLine {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  subscriptionId: string;

  @Column('uuid', { nullable: true })
  invoiceId: string | null;

  @Column('text')
  kind: InvoiceLineKind;

  @Column('text')
  description: string;

  @Column('bigint', { transformer: MINOR_UNITS })
  quantity: number;

  @Column('bigint', { transformer: MINOR_UNITS })
  unitAmount: number;

  @Column('bigint', { transformer: MINOR_UNITS })
  amount: number;

  @Column('timestamptz')
  periodStart: Date;

  @Column('timestamptz')
  periodEnd: Date;

  @Column('text', { nullable: true })
  planKey: string | null;

  @Column('integer', { nullable: true })
  planVersion: number | null;

  /** The metered feature of an overage line. */
  @Column('text', { nullable: true })
  feature: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
