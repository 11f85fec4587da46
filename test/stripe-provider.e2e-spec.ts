/**
 * The `stripe` adapter of billing's provider port, through the official SDK,
 * against the local Stripe stand-in: a workspace's customer, the mirrored
 * subscription, and an invoice collected with Keel's lines. Every mutating
 * call carries an idempotency key made of Keel's ids, so running the same
 * collection again (a retried job run) charges nothing twice.
 */
import { BillingConfig, StripeBillingProvider } from '@keel/billing';
import { StripeStandIn, startStripeStandIn } from './support/stripe-stand-in';

type Subscription = Parameters<StripeBillingProvider['syncSubscription']>[0];
type Invoice = Parameters<StripeBillingProvider['collect']>[0];
type InvoiceLine = Parameters<StripeBillingProvider['collect']>[1][number];

const WORKSPACE = '0193a000-0000-7000-8000-000000000001';

function configFor(standIn: StripeStandIn): BillingConfig {
  return Object.assign(new BillingConfig(), {
    BILLING_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: standIn.secretKey,
    STRIPE_WEBHOOK_SECRET: 'whsec_test',
    STRIPE_API_BASE: standIn.baseUrl,
  });
}

function subscription(fields: Partial<Subscription> = {}): Subscription {
  const now = new Date();
  return {
    workspaceId: WORKSPACE,
    id: '0193a000-0000-7000-8000-0000000000a1',
    planKey: 'team',
    planVersion: 1,
    interval: 'month',
    status: 'active',
    trialEndsAt: null,
    currentPeriodStart: now,
    currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000),
    cancelAtPeriodEnd: false,
    canceledAt: null,
    pendingPlanKey: null,
    pendingPlanVersion: null,
    pendingInterval: null,
    pastDueSince: null,
    providerCustomerId: null,
    providerSubscriptionId: null,
    version: 3,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

function invoice(id: string, total: number, fields: Partial<Invoice> = {}): Invoice {
  const now = new Date();
  return {
    workspaceId: WORKSPACE,
    id,
    subscriptionId: '0193a000-0000-7000-8000-0000000000a1',
    status: 'open',
    currency: 'usd',
    periodStart: now,
    periodEnd: now,
    subtotal: total,
    total,
    amountDue: total,
    attemptCount: 0,
    paymentFailedAt: null,
    finalizedAt: now,
    paidAt: null,
    voidedAt: null,
    markedUncollectibleAt: null,
    providerInvoiceId: null,
    providerUpdatedAt: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

function line(invoiceId: string, id: string, amount: number, description: string): InvoiceLine {
  return {
    workspaceId: WORKSPACE,
    id,
    subscriptionId: '0193a000-0000-7000-8000-0000000000a1',
    invoiceId,
    kind: 'plan',
    description,
    quantity: 1,
    unitAmount: amount,
    amount,
    periodStart: new Date(),
    periodEnd: new Date(),
    planKey: 'team',
    planVersion: 1,
    feature: null,
    createdAt: new Date(),
  } as InvoiceLine;
}

describe('the stripe billing provider', () => {
  let standIn: StripeStandIn;
  let provider: StripeBillingProvider;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    provider = new StripeBillingProvider(configFor(standIn));
  });

  afterAll(async () => {
    await standIn?.close();
  });

  it('should make one customer per workspace however often it is asked, and mirror the plan at a price of 0', async () => {
    const account = { customerId: null, subscriptionId: null };
    const first = await provider.ensureCustomer(WORKSPACE, account);
    const again = await provider.ensureCustomer(WORKSPACE, account);
    expect(again).toBe(first);
    expect(first).toMatch(/^cus_/);
    expect([...standIn.customers.values()]).toEqual([
      expect.objectContaining({ id: first, object: 'customer', metadata: { keel_workspace_id: WORKSPACE } }),
    ]);

    const plan = { key: 'team', name: 'Team', currency: 'usd' };
    const subscriptionId = await provider.syncSubscription(subscription(), plan, first, {
      ...account,
      customerId: first,
    });
    // The same version of Keel's subscription synced again (a redelivered event) is one subscription.
    const repeated = await provider.syncSubscription(subscription(), plan, first, { ...account, customerId: first });
    expect(repeated).toBe(subscriptionId);
    expect(standIn.subscriptions.size).toBe(1);
    const mirrored = standIn.subscriptions.get(subscriptionId);
    expect(mirrored).toMatchObject({
      object: 'subscription',
      customer: first,
      status: 'active',
      metadata: { keel_workspace_id: WORKSPACE, keel_plan: 'team' },
      items: { object: 'list', data: [{ price: { product: 'keel_plan_team', unit_amount: 0 } }] },
    });

    const snapshot = await provider.snapshot(WORKSPACE, { customerId: first, subscriptionId });
    expect(snapshot.subscriptions).toEqual([
      expect.objectContaining({ id: subscriptionId, status: 'active', planKey: 'team', interval: 'month' }),
    ]);

    // A change of plan (a new version of Keel's subscription) updates the same subscription.
    await provider.syncSubscription(
      subscription({ planKey: 'business', version: 4 }),
      { key: 'business', name: 'Business', currency: 'usd' },
      first,
      { customerId: first, subscriptionId },
    );
    expect(standIn.subscriptions.size).toBe(1);
    expect(standIn.subscriptions.get(subscriptionId)).toMatchObject({
      items: { data: [{ price: { product: 'keel_plan_business' } }] },
    });
    await provider.syncSubscription(subscription({ status: 'canceled', version: 5 }), plan, first, {
      customerId: first,
      subscriptionId,
    });
    expect(standIn.subscriptions.get(subscriptionId)).toMatchObject({ status: 'canceled' });
  });

  it('should charge an invoice once with Keel’s lines when the collection is retried', async () => {
    const customer = await provider.ensureCustomer(WORKSPACE, { customerId: null, subscriptionId: null });
    const keelInvoice = invoice('0193a000-0000-7000-8000-0000000000b1', 4737);
    const lines = [
      line(keelInvoice.id, '0193a000-0000-7000-8000-0000000000c1', 2900, 'Team (monthly)'),
      line(keelInvoice.id, '0193a000-0000-7000-8000-0000000000c2', 1837, 'Remaining time on Team (19 of 30 days)'),
    ];
    const first = await provider.collect(keelInvoice, lines, customer);
    const retried = await provider.collect(keelInvoice, lines, customer);
    expect(first).toEqual({ outcome: 'paid', providerInvoiceId: expect.stringMatching(/^in_/) });
    expect(retried).toEqual(first);

    const made = [...standIn.invoices.values()].filter(
      (each) => each.metadata && (each.metadata as Record<string, string>).keel_invoice_id === keelInvoice.id,
    );
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ status: 'paid', total: 4737, amount_paid: 4737, attempt_count: 1 });
    const pays = standIn.requests.filter((request) => request.path.endsWith('/pay'));
    expect(pays.map((request) => [request.idempotencyKey, request.replayed])).toEqual([
      [`keel-invoice-${keelInvoice.id}-pay-1`, false],
      [`keel-invoice-${keelInvoice.id}-pay-1`, true],
    ]);
    const mutating = standIn.requests.filter((request) => request.method !== 'GET');
    expect(mutating.every((request) => request.idempotencyKey?.startsWith('keel-'))).toBe(true);
  });

  it('should answer failed for a declined card and pay on the next attempt', async () => {
    const customer = await provider.ensureCustomer('0193a000-0000-7000-8000-000000000002', {
      customerId: null,
      subscriptionId: null,
    });
    standIn.decliningCustomers.add(customer);
    const keelInvoice = invoice('0193a000-0000-7000-8000-0000000000b2', 2900, {
      workspaceId: '0193a000-0000-7000-8000-000000000002',
    });
    const lines = [line(keelInvoice.id, '0193a000-0000-7000-8000-0000000000c3', 2900, 'Team (monthly)')];
    const declined = await provider.collect(keelInvoice, lines, customer);
    expect(declined.outcome).toBe('failed');
    expect(standIn.invoices.get(declined.providerInvoiceId ?? '')).toMatchObject({ status: 'open', attempt_count: 1 });

    standIn.decliningCustomers.delete(customer);
    const paid = await provider.collect({ ...keelInvoice, attemptCount: 1 }, lines, customer);
    expect(paid).toEqual({ outcome: 'paid', providerInvoiceId: declined.providerInvoiceId });
    expect(standIn.invoices.get(declined.providerInvoiceId ?? '')).toMatchObject({ status: 'paid', attempt_count: 2 });
  });
});
