import { Module, OnModuleInit } from '@nestjs/common';
import { Entitlements, TenancyModule, WorkspaceSetup } from '@keel/tenancy';
import { PlanCatalog } from './catalog/plan-catalog.service';
import { EntitlementWarnings } from './entitlements/entitlement-warnings';
import { LiveCounts } from './entitlements/live-counts';
import { PlanEntitlements } from './entitlements/plan-entitlements.service';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { ApiRequestMeter } from './metering/api-request-meter';
import { MetersService } from './metering/meters.service';
import { UsageIngestion } from './metering/usage-ingestion.service';
import { UsageRollups } from './metering/usage-rollups';
import { UsageService } from './metering/usage.service';

const SERVICES = [
  PlanCatalog,
  SubscriptionsService,
  LiveCounts,
  EntitlementWarnings,
  PlanEntitlements,
  MetersService,
  UsageRollups,
  UsageIngestion,
  UsageService,
  ApiRequestMeter,
];

/**
 * Billing: the plan catalog, each workspace's subscription, usage metering,
 * and the plan limits behind tenancy's `Entitlements` port. The routes are BillingHttpModule's.
 */
@Module({
  imports: [TenancyModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class BillingModule implements OnModuleInit {
  constructor(
    private readonly setup: WorkspaceSetup,
    private readonly entitlements: Entitlements,
    private readonly planEntitlements: PlanEntitlements,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  onModuleInit(): void {
    this.entitlements.enforceWith(this.planEntitlements);
    this.setup.register(async (workspaceId, request) => {
      await this.subscriptions.start(workspaceId, request);
    });
  }
}
