import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { BillingConfig } from '../billing-config';
import type { InvoiceLine } from '../invoices/invoice-line.entity';
import type { Invoice } from '../invoices/invoice.entity';
import type { Subscription } from '../subscriptions/subscription.entity';
import {
  BillingProvider,
  Collection,
  MirroredPlan,
  ProviderAccount,
  ProviderInvoice,
  ProviderSnapshot,
  ProviderSubscription,
} from './billing-provider';
import { stripeClient } from './stripe-client';

/** The product at Stripe that stands for a Keel plan. */
export function stripeProductId(planKey: string): string {
  return `keel_plan_${planKey}`;
}

const PRODUCT_PREFIX = 'keel_plan_';

/** Seconds since the epoch, as Stripe counts time. */
const unix = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * `BILLING_PROVIDER=stripe`. Keel stays the billing engine: it rates usage,
 * prorates and closes periods into invoices. At Stripe each workspace has a
 * customer; its subscription is mirrored (the plan's product, at a price of
 * 0, so Stripe never charges the plan a second time: Keel's invoices carry
 * every amount); each finalized Keel invoice with something due becomes a
 * Stripe invoice with the same lines, finalized and paid with the customer's
 * default payment method. Every mutating call carries an Idempotency-Key made
 * of Keel's own ids (`keel-<what>-<id>[-<step>]`), so a retried job run gets
 * Stripe's first answer again instead of a second charge.
 */
@Injectable()
export class StripeBillingProvider extends BillingProvider {
  readonly name = 'stripe';
  readonly holdsRecords = true;
  private readonly stripe: Stripe;

  constructor(config: BillingConfig) {
    super();
    this.stripe = stripeClient(config);
  }

  async ensureCustomer(workspaceId: string, account: ProviderAccount): Promise<string> {
    if (account.customerId) return account.customerId;
    const customer = await this.stripe.customers.create(
      { description: `Keel workspace ${workspaceId}`, metadata: { keel_workspace_id: workspaceId } },
      { idempotencyKey: `keel-customer-${workspaceId}` },
    );
    return customer.id;
  }

  async syncSubscription(
    subscription: Subscription,
    plan: MirroredPlan,
    customerId: string,
    account: ProviderAccount,
  ): Promise<string> {
    await this.ensureProduct(plan);
    // One key per version of Keel's subscription: each change is one mutation, and its retry replays it.
    const key = `keel-subscription-${subscription.id}-v${subscription.version}`;
    const metadata = {
      keel_workspace_id: subscription.workspaceId,
      keel_subscription_id: subscription.id,
      keel_plan: plan.key,
    };
    const priceData = {
      currency: plan.currency,
      product: stripeProductId(plan.key),
      unit_amount: 0,
      recurring: { interval: subscription.interval as 'month' | 'year' },
    };
    const existing = account.subscriptionId
      ? await this.stripe.subscriptions.retrieve(account.subscriptionId).catch((error: unknown) => {
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
          throw error;
        })
      : null;
    const live = existing && existing.status !== 'canceled' && existing.status !== 'incomplete_expired';
    if (subscription.status === 'canceled') {
      if (existing && live) {
        await this.stripe.subscriptions.cancel(existing.id, {}, { idempotencyKey: `${key}-cancel` });
      }
      return existing?.id ?? account.subscriptionId ?? '';
    }
    const trialEnd =
      subscription.status === 'trialing' && subscription.trialEndsAt !== null ? unix(subscription.trialEndsAt) : null;
    if (!existing || !live) {
      const created = await this.stripe.subscriptions.create(
        {
          customer: customerId,
          items: [{ price_data: priceData }],
          metadata,
          cancel_at_period_end: subscription.cancelAtPeriodEnd,
          proration_behavior: 'none',
          ...(trialEnd !== null ? { trial_end: trialEnd } : {}),
        },
        { idempotencyKey: key },
      );
      return created.id;
    }
    const item = existing.items.data[0];
    const updated = await this.stripe.subscriptions.update(
      existing.id,
      {
        items: [item ? { id: item.id, price_data: priceData } : { price_data: priceData }],
        metadata,
        cancel_at_period_end: subscription.cancelAtPeriodEnd,
        proration_behavior: 'none',
        ...(trialEnd !== null ? { trial_end: trialEnd } : existing.status === 'trialing' ? { trial_end: 'now' } : {}),
      },
      { idempotencyKey: key },
    );
    return updated.id;
  }

  async pushInvoice(invoice: Invoice, lines: InvoiceLine[], customerId: string): Promise<string> {
    return (await this.finalizedInvoice(invoice, lines, customerId)).id;
  }

  /** Keel's invoice made at Stripe line for line and finalized (not charged): the same keys whoever asks first. */
  private async finalizedInvoice(invoice: Invoice, lines: InvoiceLine[], customerId: string): Promise<Stripe.Invoice> {
    const key = `keel-invoice-${invoice.id}`;
    const draft = await this.stripe.invoices.create(
      {
        customer: customerId,
        currency: invoice.currency,
        collection_method: 'charge_automatically',
        auto_advance: false,
        pending_invoice_items_behavior: 'exclude',
        description: `Keel invoice ${invoice.id}`,
        metadata: { keel_workspace_id: invoice.workspaceId, keel_invoice_id: invoice.id },
      },
      { idempotencyKey: key },
    );
    for (const line of lines) {
      await this.stripe.invoiceItems.create(
        {
          customer: customerId,
          invoice: draft.id,
          currency: invoice.currency,
          amount: line.amount,
          description: line.description,
          metadata: { keel_invoice_line_id: line.id, keel_line_kind: line.kind },
        },
        { idempotencyKey: `keel-invoice-line-${line.id}` },
      );
    }
    return this.stripe.invoices.finalizeInvoice(
      draft.id,
      { auto_advance: false },
      { idempotencyKey: `${key}-finalize` },
    );
  }

  async collect(invoice: Invoice, lines: InvoiceLine[], customerId: string | null): Promise<Collection> {
    if (customerId === null) throw new Error('A Stripe invoice needs the workspace’s Stripe customer.');
    const key = `keel-invoice-${invoice.id}`;
    const finalized = await this.finalizedInvoice(invoice, lines, customerId);
    if (finalized.status === 'paid') return { outcome: 'paid', providerInvoiceId: finalized.id };
    try {
      // The attempt number is Keel's: the same attempt retried replays Stripe's answer, a new one is a new try.
      const paid = await this.stripe.invoices.pay(
        finalized.id,
        {},
        { idempotencyKey: `${key}-pay-${invoice.attemptCount + 1}` },
      );
      return { outcome: paid.status === 'paid' ? 'paid' : 'pending', providerInvoiceId: finalized.id };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) return { outcome: 'failed', providerInvoiceId: finalized.id };
      throw error;
    }
  }

  async settleInvoice(invoice: Invoice, providerInvoiceId: string): Promise<void> {
    const key = `keel-invoice-${invoice.id}-settle-${invoice.status}`;
    if (invoice.status === 'paid') {
      await this.stripe.invoices.pay(providerInvoiceId, { paid_out_of_band: true }, { idempotencyKey: key });
    } else if (invoice.status === 'void') {
      await this.stripe.invoices.voidInvoice(providerInvoiceId, {}, { idempotencyKey: key });
    } else if (invoice.status === 'uncollectible') {
      await this.stripe.invoices.markUncollectible(providerInvoiceId, {}, { idempotencyKey: key });
    }
  }

  async snapshot(_workspaceId: string, account: ProviderAccount): Promise<ProviderSnapshot> {
    if (!account.customerId) return { subscriptions: [], invoices: [] };
    const subscriptions: ProviderSubscription[] = [];
    for await (const subscription of this.stripe.subscriptions.list({
      customer: account.customerId,
      status: 'all',
      limit: 100,
    })) {
      const price = subscription.items.data[0]?.price;
      const product = typeof price?.product === 'string' ? price.product : (price?.product?.id ?? null);
      subscriptions.push({
        id: subscription.id,
        keelSubscriptionId: subscription.metadata?.keel_subscription_id ?? null,
        status: subscription.status,
        planKey: product?.startsWith(PRODUCT_PREFIX) ? product.slice(PRODUCT_PREFIX.length) : product,
        interval: price?.recurring?.interval ?? null,
      });
    }
    const invoices: ProviderInvoice[] = [];
    for await (const invoice of this.stripe.invoices.list({ customer: account.customerId, limit: 100 })) {
      invoices.push({
        id: invoice.id ?? '',
        keelInvoiceId: invoice.metadata?.keel_invoice_id ?? null,
        status: invoice.status ?? 'draft',
        total: invoice.total,
        amountDue: invoice.amount_due,
        currency: invoice.currency,
      });
    }
    return { subscriptions, invoices };
  }

  /** The plan's product, made once with Keel's key as its id (a second create after Stripe forgot the key is refused as existing). */
  private async ensureProduct(plan: MirroredPlan): Promise<void> {
    try {
      await this.stripe.products.create(
        { id: stripeProductId(plan.key), name: plan.name, metadata: { keel_plan: plan.key } },
        { idempotencyKey: `keel-product-${plan.key}` },
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_already_exists') return;
      throw error;
    }
  }
}
