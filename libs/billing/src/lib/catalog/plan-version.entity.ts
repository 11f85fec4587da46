import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanFeature, PlanPrice } from './plan';

/**
 * One version of a plan, written once when the catalog changed it and never
 * edited: subscriptions point at the version they took. A global table (plans
 * belong to the deployment, not to a workspace).
 */
@Entity({ name: 'plan_versions' })
export class PlanVersion {
  @PrimaryColumn('text')
  key: string;

  @PrimaryColumn('integer')
  version: number;

  @Column('text')
  name: string;

  @Column('jsonb')
  prices: PlanPrice[];

  @Column('integer')
  trialDays: number;

  @Column('jsonb')
  features: Record<string, PlanFeature>;

  /** `sha256:<hex>` of the canonical definition: a sync that finds it unchanged writes nothing. */
  @Column('text')
  contentHash: string;

  /** Whether this is the plan's version in the catalog now (older versions keep their subscriptions). */
  @Column('boolean')
  current: boolean;

  /** The catalog's order, cheapest first; null once the plan left the catalog. */
  @Column('integer', { nullable: true })
  position: number | null;

  @Column('boolean', { default: false })
  isDefault: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
