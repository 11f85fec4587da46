import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventConsumers, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { Entitlements, TenancyModule, WorkspaceSetup } from '@keel/tenancy';
import { BILLING_EVENT_DEFINITIONS } from './billing-events';
import { PastDueWrites } from './dunning/past-due-writes';
import { BillingPeriodsJob } from './invoices/billing-periods.job';
import { ClosePeriodJob } from './invoices/close-period.job';
import { InvoiceLines } from './invoices/invoice-lines';
import { InvoicePayments } from './invoices/invoice-payments.service';
import { InvoicesService } from './invoices/invoices.service';
import { PeriodClosing } from './invoices/period-closing.service';
import { BillingProvider } from './provider/billing-provider';
import { NoBillingProvider } from './provider/no-billing-provider';
import { ProviderSync } from './provider/provider-sync';
import { StripeBillingProvider } from './provider/stripe-billing-provider';
import { BillingConfig } from './billing-config';
import { ProviderEventConsumer } from './webhooks/provider-event.consumer';
import { StripeWebhooks } from './webhooks/stripe-webhooks';
import { SubscriptionSyncConsumer } from './webhooks/subscription-sync.consumer';
import { MismatchResolutions } from './reconciliation/mismatch-resolutions.service';
import { ReconcileJob } from './reconciliation/reconcile.job';
import { Reconciler } from './reconciliation/reconciler';
import { ReconciliationMetrics } from './reconciliation/reconciliation-metrics';
import { ReconciliationSchedule } from './reconciliation/reconciliation.schedule';
import { SubscriptionChanges } from './subscriptions/subscription-changes.service';
import { PlanCatalog } from './catalog/plan-catalog.service';
import { EntitlementWarnings } from './entitlements/entitlement-warnings';
import { LiveCounts } from './entitlements/live-counts';
import { EntitlementThresholds } from './entitlements/entitlement-thresholds';
import { PlanEntitlements } from './entitlements/plan-entitlements.service';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { BuiltInThresholds } from './metering/built-in-thresholds';
import { BuiltInUsageCounter } from './metering/built-in-usage-counter';
import { BuiltInUsage } from './metering/built-in-usage';
import { ScheduledRuns } from './scheduled-runs';
import { MetersService } from './metering/meters.service';
import { UsageIngestion } from './metering/usage-ingestion.service';
import { UsageRollups } from './metering/usage-rollups';
import { UsageService } from './metering/usage.service';

const SERVICES = [
  ScheduledRuns,
  PlanCatalog,
  SubscriptionsService,
  LiveCounts,
  EntitlementWarnings,
  EntitlementThresholds,
  PlanEntitlements,
  MetersService,
  UsageRollups,
  UsageIngestion,
  UsageService,
  BuiltInThresholds,
  BuiltInUsageCounter,
  BuiltInUsage,
  PastDueWrites,
  InvoiceLines,
  InvoicePayments,
  PeriodClosing,
  InvoicesService,
  SubscriptionChanges,
  ClosePeriodJob,
  ProviderSync,
  StripeWebhooks,
  ProviderEventConsumer,
  SubscriptionSyncConsumer,
  Reconciler,
  ReconcileJob,
  MismatchResolutions,
];

/**
 * Billing: the plan catalog, each workspace's subscription and its changes,
 * usage metering, invoices and the period close, dunning, the payment
 * provider, and the plan limits behind tenancy's `Entitlements` port. The routes are BillingHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  providers: [
    ...SERVICES,
    BillingPeriodsJob,
    ReconciliationSchedule,
    ReconciliationMetrics,
    {
      provide: BillingProvider,
      inject: [BillingConfig],
      useFactory: (config: BillingConfig): BillingProvider =>
        config.BILLING_PROVIDER === 'stripe' ? new StripeBillingProvider(config) : new NoBillingProvider(),
    },
  ],
  exports: [...SERVICES, BillingProvider],
})
export class BillingModule implements OnModuleInit {
  constructor(
    private readonly setup: WorkspaceSetup,
    private readonly entitlements: Entitlements,
    private readonly planEntitlements: PlanEntitlements,
    private readonly subscriptions: SubscriptionsService,
    private readonly catalog: EventCatalog,
    private readonly handlers: JobHandlers,
    private readonly closePeriod: ClosePeriodJob,
    private readonly consumers: EventConsumers,
    private readonly provider: BillingProvider,
    private readonly providerEvents: ProviderEventConsumer,
    private readonly subscriptionSync: SubscriptionSyncConsumer,
    private readonly reconcile: ReconcileJob,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...BILLING_EVENT_DEFINITIONS);
    this.handlers.register(this.closePeriod);
    this.handlers.register(this.reconcile);
    this.consumers.register(this.providerEvents);
    if (this.provider.holdsRecords) this.consumers.register(this.subscriptionSync);
    this.entitlements.enforceWith(this.planEntitlements);
    this.setup.register(async (workspaceId, request) => {
      await this.subscriptions.start(workspaceId, request);
    });
  }
}
