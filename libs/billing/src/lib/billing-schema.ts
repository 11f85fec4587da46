import { PlanVersion } from './catalog/plan-version.entity';
import { Subscription } from './subscriptions/subscription.entity';
import { Billing1764000008000 } from '../migrations/1764000008000-billing';
import { UsageMetering1764000008100 } from '../migrations/1764000008100-usage-metering';
import { Invoices1764000008200 } from '../migrations/1764000008200-invoices';
import { BillingProvider1764000018300 } from '../migrations/1764000018300-billing-provider';
import { EntitlementThresholds1764000018900 } from '../migrations/1764000018900-entitlement-thresholds';
import { BillingMismatch } from './reconciliation/billing-mismatch.entity';
import { Reconciliation } from './reconciliation/reconciliation.entity';
import { ProviderEvent } from './webhooks/provider-event.entity';
import { Invoice } from './invoices/invoice.entity';
import { InvoiceLine } from './invoices/invoice-line.entity';
import { Meter } from './metering/meter.entity';
import { UsageAdjustment, UsageEvent, UsageRollup, UsageUniqueValue } from './metering/usage-records.entity';

/** The billing context's tables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const billingEntities: Function[] = [
  PlanVersion,
  Subscription,
  Meter,
  UsageEvent,
  UsageRollup,
  UsageUniqueValue,
  UsageAdjustment,
  Invoice,
  InvoiceLine,
  ProviderEvent,
  Reconciliation,
  BillingMismatch,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const billingMigrations: Function[] = [
  Billing1764000008000,
  UsageMetering1764000008100,
  Invoices1764000008200,
  BillingProvider1764000018300,
  EntitlementThresholds1764000018900,
];
