import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'paused' | 'canceled';

/** A workspace's one subscription: the plan version it is on and its billing period. */
@Entity({ name: 'subscriptions' })
@Unique(['workspaceId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('PlanVersion', ['planKey', 'planVersion'], ['key', 'version'])
export class Subscription {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  planKey: string;

  @Column('integer')
  planVersion: number;

  /** `month` or `year`. */
  @Column('text')
  interval: string;

  @Column('text')
  status: SubscriptionStatus;

  @Column('timestamptz', { nullable: true })
  trialEndsAt: Date | null;

  @Column('timestamptz')
  currentPeriodStart: Date;

  @Column('timestamptz')
  currentPeriodEnd: Date;

  @Column('boolean', { default: false })
  cancelAtPeriodEnd: boolean;

  @Column('timestamptz', { nullable: true })
  canceledAt: Date | null;

  /** A change that takes effect when the period ends (a downgrade, or a new interval): the plan version… */
  @Column('text', { nullable: true })
  pendingPlanKey: string | null;

  @Column('integer', { nullable: true })
  pendingPlanVersion: number | null;

  /** …and the interval. */
  @Column('text', { nullable: true })
  pendingInterval: string | null;

  /** When a payment first failed (status `past_due`); writes stop BILLING_GRACE_DAYS later. */
  @Column('timestamptz', { nullable: true })
  pastDueSince: Date | null;

  /** The workspace's customer at the payment provider, once made. */
  @Column('text', { nullable: true })
  providerCustomerId: string | null;

  /** The provider's subscription mirroring this one, once made. */
  @Column('text', { nullable: true })
  providerSubscriptionId: string | null;

  @Column('integer')
  version: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
