import { Injectable } from '@nestjs/common';
import { DomainError } from '@keel/platform-errors';
import type { EntitlementsPolicy, LimitedResource } from '@keel/tenancy';
import { PlanCatalog } from '../catalog/plan-catalog.service';
import { API_RATE_LIMIT_FEATURE } from '../catalog/plan';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Entitlement, entitlementOf, upgradeFor } from './entitlement';
import { EntitlementThresholds } from './entitlement-thresholds';
import { EntitlementWarnings } from './entitlement-warnings';
import { isCountedFeature, LiveCounts } from './live-counts';
import { MetersService } from '../metering/meters.service';
import { UsageRollups } from '../metering/usage-rollups';
import type { BillingPeriod } from '../subscriptions/billing-period';

function featureNotFound(feature: string): DomainError {
  return new DomainError('NOT_FOUND', `The workspace's plan has no feature "${feature}".`);
}

/**
 * The workspace's plan applied: what each feature grants and how much of it
 * is used, and the policy behind tenancy's `Entitlements` port. Every method
 * runs in the workspace's tenant transaction.
 */
@Injectable()
export class PlanEntitlements implements EntitlementsPolicy {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly catalog: PlanCatalog,
    private readonly counts: LiveCounts,
    private readonly warnings: EntitlementWarnings,
    private readonly meters: MetersService,
    private readonly rollups: UsageRollups,
    private readonly thresholds: EntitlementThresholds,
  ) {}

  /** Every feature of the workspace's plan, by feature key. */
  async list(workspaceId: string): Promise<Entitlement[]> {
    const { plan, period } = await this.subscriptions.current(workspaceId);
    const entitlements: Entitlement[] = [];
    const features = Object.entries(plan.features).sort(([left], [right]) => left.localeCompare(right));
    for (const [feature, definition] of features) {
      entitlements.push(
        entitlementOf(feature, definition, plan, await this.usage(workspaceId, feature, period), period),
      );
    }
    return entitlements;
  }

  /** One feature of the workspace's plan; 404 when the plan does not name it. */
  async get(workspaceId: string, feature: string): Promise<Entitlement> {
    const { plan, period } = await this.subscriptions.current(workspaceId);
    const definition = Object.prototype.hasOwnProperty.call(plan.features, feature)
      ? plan.features[feature]
      : undefined;
    if (!definition) throw featureNotFound(feature);
    return entitlementOf(feature, definition, plan, await this.usage(workspaceId, feature, period), period);
  }

  /**
   * One more `resource` for the workspace: locks the feature for the rest of
   * the transaction, counts, and refuses (402 ENTITLEMENT_EXCEEDED) past a
   * hard limit; past a soft one the write goes ahead with a warning header.
   */
  async assertWithinLimit(workspaceId: string, resource: LimitedResource): Promise<void> {
    await this.counts.lock(workspaceId, resource);
    const { plan, period } = await this.subscriptions.current(workspaceId);
    const definition = plan.features[resource];
    const limit = definition?.kind === 'limit' ? (definition.limit ?? null) : null;
    if (definition === undefined || limit === null) return;
    const usage = await this.counts.count(workspaceId, resource);
    // The write goes ahead (within the limit, or past a soft one): the thresholds its new count reaches fire with it.
    const proceed = () =>
      this.thresholds.record(workspaceId, { feature: resource, usage: usage + 1, limit, plan, period });
    if (usage + 1 <= limit) {
      await proceed();
      return;
    }
    if (definition.enforcement === 'soft') {
      this.warnings.add(`${resource}; usage=${usage + 1}; limit=${limit}; plan=${plan.key}`);
      await proceed();
      return;
    }
    const upgrade = upgradeFor(await this.catalog.currentPlans(), plan.key, resource, usage + 1);
    throw new DomainError(
      'ENTITLEMENT_EXCEEDED',
      `The workspace has ${usage} of ${limit} ${resource} on ${plan.name}` +
        (upgrade ? `; ${upgrade.name} allows more.` : '; no plan allows more.'),
      { extensions: { feature: resource, limit, usage, plan: plan.key, upgradeTo: upgrade?.key ?? null } },
    );
  }

  /**
   * The plan's `api_rate_limit` (a `limit` feature: requests a minute on the
   * workspace's routes), for tenancy's request rate limit: null when the plan
   * leaves it unlimited, undefined when the plan has no such feature.
   */
  async requestsPerMinute(workspaceId: string): Promise<number | null | undefined> {
    const { plan } = await this.subscriptions.current(workspaceId);
    const definition = Object.prototype.hasOwnProperty.call(plan.features, API_RATE_LIMIT_FEATURE)
      ? plan.features[API_RATE_LIMIT_FEATURE]
      : undefined;
    return definition?.kind === 'limit' ? (definition.limit ?? null) : undefined;
  }

  /** Counted live for counted features; this period's total from the rollups for a meter; 0 for a meter the workspace lacks. */
  private async usage(workspaceId: string, feature: string, period: BillingPeriod): Promise<number> {
    if (isCountedFeature(feature)) return this.counts.count(workspaceId, feature);
    const meter = await this.meters.find(workspaceId, feature);
    if (!meter) return 0;
    return this.rollups.total(workspaceId, meter.key, meter.aggregation, period.start, period.end);
  }
}
