import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { MINOR_UNITS } from './minor-units';

/** `draft → open → paid | void | uncollectible` (docs/billing.md). */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

/**
 * What a workspace owes for one closed billing period: the next period's plan
 * price (in advance), the closed period's prorations and metered overage (in
 * arrears). One per subscription and period end.
 */
@Entity({ name: 'invoices' })
@Unique(['workspaceId', 'subscriptionId', 'periodEnd'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Subscription', ['workspaceId', 'subscriptionId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class Invoice {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  subscriptionId: string;

  @Column('text')
  status: InvoiceStatus;

  @Column('text')
  currency: string;

  /** The period it closes. */
  @Column('timestamptz')
  periodStart: Date;

  @Column('timestamptz')
  periodEnd: Date;

  /** The sum of the lines, minor units. */
  @Column('bigint', { transformer: MINOR_UNITS })
  subtotal: number;

  @Column('bigint', { transformer: MINOR_UNITS })
  total: number;

  /** What is to be paid: the total, never below zero. */
  @Column('bigint', { transformer: MINOR_UNITS })
  amountDue: number;

  /** Payment attempts that failed. */
  @Column('integer', { default: 0 })
  attemptCount: number;

  /** The last failed payment; null once none failed (or it was paid). */
  @Column('timestamptz', { nullable: true })
  paymentFailedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finalizedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  @Column('timestamptz', { nullable: true })
  voidedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  markedUncollectibleAt: Date | null;

  /** The provider's invoice made for this one, once collected through it. */
  @Column('text', { nullable: true })
  providerInvoiceId: string | null;

  /** The time of the latest provider event applied to it: an older event delivered late is not applied. */
  @Column('timestamptz', { nullable: true })
  providerUpdatedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
