import { Injectable } from '@nestjs/common';
import { includedQuantity } from '../catalog/plan';
import { EntitlementThresholds } from '../entitlements/entitlement-thresholds';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { UsageRollups } from './usage-rollups';

/**
 * `entitlement.threshold_crossed` for the built-in meters (AI tools' tokens
 * and tool calls, API requests): once what Keel counted is written, each
 * meter the plan includes a quantity of is measured against it, as usage
 * ingestion does for reported meters — 50, 80 and 100 %, once per period.
 */
@Injectable()
export class BuiltInThresholds {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly rollups: UsageRollups,
    private readonly thresholds: EntitlementThresholds,
  ) {}

  /** In the workspace's tenant transaction that wrote `meters`' counts. */
  async afterWriting(workspaceId: string, meters: ReadonlySet<string>): Promise<void> {
    const { plan, period } = await this.subscriptions.current(workspaceId);
    for (const meter of meters) {
      const included = includedQuantity(plan.features[meter]);
      if (included === null || included <= 0) continue;
      const usage = await this.rollups.total(workspaceId, meter, 'sum', period.start, period.end);
      await this.thresholds.record(workspaceId, { feature: meter, usage, limit: included, plan, period });
    }
  }
}
