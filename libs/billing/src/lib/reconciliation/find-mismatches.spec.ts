import type { Invoice } from '../invoices/invoice.entity';
import type { ProviderSnapshot } from '../provider/billing-provider';
import type { Subscription } from '../subscriptions/subscription.entity';
import { findMismatches, LocalBilling } from './find-mismatches';

const WORKSPACE = '0193a000-0000-7000-8000-000000000001';
const SUBSCRIPTION = '0193a000-0000-7000-8000-0000000000a1';

function subscription(fields: Partial<Subscription> = {}): Subscription {
  const now = new Date();
  return {
    workspaceId: WORKSPACE,
    id: SUBSCRIPTION,
    planKey: 'team',
    planVersion: 1,
    interval: 'month',
    status: 'active',
    trialEndsAt: null,
    currentPeriodStart: now,
    currentPeriodEnd: now,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    pendingPlanKey: null,
    pendingPlanVersion: null,
    pendingInterval: null,
    pastDueSince: null,
    providerCustomerId: 'cus_1',
    providerSubscriptionId: 'sub_1',
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

function invoice(id: string, fields: Partial<Invoice> = {}): Invoice {
  const now = new Date();
  return {
    workspaceId: WORKSPACE,
    id,
    subscriptionId: SUBSCRIPTION,
    status: 'paid',
    currency: 'usd',
    periodStart: now,
    periodEnd: now,
    subtotal: 2900,
    total: 2900,
    amountDue: 2900,
    attemptCount: 0,
    paymentFailedAt: null,
    finalizedAt: now,
    paidAt: now,
    voidedAt: null,
    markedUncollectibleAt: null,
    providerInvoiceId: null,
    providerUpdatedAt: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

const mirror = { id: 'sub_1', keelSubscriptionId: SUBSCRIPTION, status: 'active', planKey: 'team', interval: 'month' };

function local(fields: Partial<LocalBilling> = {}): LocalBilling {
  return { subscription: subscription(), planPrice: 2900, invoices: [], ...fields };
}

function snapshot(fields: Partial<ProviderSnapshot> = {}): ProviderSnapshot {
  return { subscriptions: [mirror], invoices: [], ...fields };
}

describe('findMismatches', () => {
  it('should find nothing when both sides agree, invoices paired by Keel’s id in the provider’s metadata', () => {
    const findings = findMismatches(
      local({ invoices: [invoice('inv-1')] }),
      snapshot({
        invoices: [
          { id: 'in_1', keelInvoiceId: 'inv-1', status: 'paid', total: 2900, amountDue: 2900, currency: 'usd' },
        ],
      }),
    );
    expect(findings).toEqual([]);
  });

  it('should not expect a free subscription that was never mirrored, nor an invoice with nothing due', () => {
    const free = local({
      subscription: subscription({ planKey: 'free', providerCustomerId: null, providerSubscriptionId: null }),
      planPrice: 0,
      invoices: [invoice('inv-0', { total: 0, amountDue: 0 })],
    });
    expect(findMismatches(free, { subscriptions: [], invoices: [] })).toEqual([]);
  });

  it('should expect a paid plan at the provider, and report it missing there with Keel’s values', () => {
    const unsynced = local({ subscription: subscription({ providerSubscriptionId: null }) });
    expect(findMismatches(unsynced, { subscriptions: [], invoices: [] })).toEqual([
      {
        type: 'missing_at_provider',
        object: 'subscription',
        localId: SUBSCRIPTION,
        providerId: null,
        local: { plan: 'team', interval: 'month', status: 'active' },
        provider: null,
      },
    ]);
  });

  it('should count past_due as active at the provider: dunning is Keel’s, carried by the invoices', () => {
    expect(findMismatches(local({ subscription: subscription({ status: 'past_due' }) }), snapshot())).toEqual([]);
    expect(findMismatches(local({ subscription: subscription({ status: 'canceled' }) }), snapshot())).toEqual([
      expect.objectContaining({
        type: 'status_differs',
        local: { status: 'canceled' },
        provider: { status: 'active' },
      }),
    ]);
  });

  it('should ignore the mirror’s own free invoices but report any other invoice Keel does not know', () => {
    const findings = findMismatches(
      local(),
      snapshot({
        invoices: [
          { id: 'in_free', keelInvoiceId: null, status: 'paid', total: 0, amountDue: 0, currency: 'usd' },
          { id: 'in_hand', keelInvoiceId: null, status: 'open', total: 500, amountDue: 500, currency: 'usd' },
        ],
      }),
    );
    expect(findings.map((finding) => [finding.type, finding.providerId])).toEqual([['missing_locally', 'in_hand']]);
  });

  it('should report a second live subscription of the customer as missing locally, and a canceled one not at all', () => {
    const findings = findMismatches(
      local(),
      snapshot({
        subscriptions: [
          mirror,
          { ...mirror, id: 'sub_extra', keelSubscriptionId: null },
          { ...mirror, id: 'sub_old', keelSubscriptionId: null, status: 'canceled' },
        ],
      }),
    );
    expect(findings.map((finding) => [finding.type, finding.providerId])).toEqual([['missing_locally', 'sub_extra']]);
  });
});
