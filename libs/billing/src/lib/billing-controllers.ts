import type { Type } from '@nestjs/common';
import { PlansController } from './catalog/plans.controller';
import { EntitlementsController } from './entitlements/entitlements.controller';
import { InvoicesController } from './invoices/invoices.controller';
import { MeteringController } from './metering/metering.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { StripeWebhooksController } from './webhooks/stripe-webhooks.controller';
import { ReconciliationController } from './reconciliation/reconciliation.controller';

/** Billing's routes: these keep taking writes when a past-due workspace is read-only (paying, changing plan, usage). */
export const BILLING_CONTROLLERS: readonly Type[] = [
  PlansController,
  SubscriptionsController,
  EntitlementsController,
  MeteringController,
  InvoicesController,
  StripeWebhooksController,
  ReconciliationController,
];
