import { Injectable } from '@nestjs/common';
import { DomainError } from '@keel/platform-errors';
import { includedQuantity } from '../catalog/plan';
import { PlanCatalog } from '../catalog/plan-catalog.service';
import { upgradeFor } from '../entitlements/entitlement';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import type { BuiltInMeter } from './built-in-meters';
import { BuiltInUsageCounter } from './built-in-usage-counter';
import { UsageRollups } from './usage-rollups';

/**
 * What other contexts use to meter what Keel counts itself (AI tools'
 * `ai_tokens` and `ai_tool_calls`): report an amount, and ask, before new
 * work starts, whether the plan's hard included quantity is left.
 */
@Injectable()
export class BuiltInUsage {
  constructor(
    private readonly counter: BuiltInUsageCounter,
    private readonly subscriptions: SubscriptionsService,
    private readonly rollups: UsageRollups,
    private readonly catalog: PlanCatalog,
  ) {}

  /** Adds `amount` to the workspace's `meter` this hour (written within two seconds: BuiltInUsageCounter). */
  report(workspaceId: string, meter: BuiltInMeter, amount: number): void {
    this.counter.count(workspaceId, new Date(), meter, amount);
  }

  /**
   * 402 ENTITLEMENT_EXCEEDED for the first of `meters` the workspace's plan
   * meters with a hard included quantity that this period has used up (what
   * is written plus what this process counted and has not written yet);
   * nothing otherwise. One read of the plan for all of them, in the
   * workspace's tenant transaction.
   */
  async assertAvailable(workspaceId: string, meters: readonly BuiltInMeter[]): Promise<void> {
    const { plan, period } = await this.subscriptions.current(workspaceId);
    for (const meter of meters) {
      const feature = plan.features[meter];
      const included = includedQuantity(feature);
      if (included === null || feature?.enforcement !== 'hard') continue;
      const usage =
        (await this.rollups.total(workspaceId, meter, 'sum', period.start, period.end)) +
        this.counter.unwritten(workspaceId, meter);
      if (usage < included) continue;
      const upgrade = upgradeFor(await this.catalog.currentPlans(), plan.key, meter, usage + 1);
      throw new DomainError(
        'ENTITLEMENT_EXCEEDED',
        `The workspace has used ${usage} of the ${included} ${meter} ${plan.name} includes this period` +
          (upgrade ? `; ${upgrade.name} allows more.` : '; no plan allows more.'),
        { extensions: { feature: meter, limit: included, usage, plan: plan.key, upgradeTo: upgrade?.key ?? null } },
      );
    }
  }
}
