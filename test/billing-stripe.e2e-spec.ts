/**
 * Billing with BILLING_PROVIDER=stripe, through the built API on real
 * PostgreSQL and the local Stripe stand-in (official SDK on both sides of
 * the wire): a plan change is mirrored at Stripe (customer and
 * subscription), the period close charges Keel's invoice there, a declined
 * card makes the workspace past_due (read-only after the grace period), and
 * Stripe's webhooks at POST /v1/billing/webhooks/stripe drive dunning: an
 * `invoice.paid` restores it; the same event replayed is processed once; an
 * older `invoice.payment_failed` delivered after the payment does not undo it;
 * a bad or stale signature is 400 WEBHOOK_SIGNATURE_INVALID.
 */
import Stripe from 'stripe';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { StripeObject, StripeStandIn, startStripeStandIn } from './support/stripe-stand-in';
import { writeCatalogFile } from './support/catalog-file';
import type { TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const WEBHOOK_SECRET = 'whsec_keel_stand_in_0123456789';

const CATALOG = {
  defaultPlan: 'starter',
  plans: [
    {
      key: 'starter',
      name: 'Starter',
      prices: [{ interval: 'month', amount: 0, currency: 'usd' }],
      trialDays: 0,
      features: {},
    },
    {
      key: 'team',
      name: 'Team',
      prices: [{ interval: 'month', amount: 2900, currency: 'usd' }],
      trialDays: 0,
      features: {},
    },
  ],
};

describe('billing with the stripe provider', () => {
  let dir: TempDir;
  let standIn: StripeStandIn;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;
  let invoiceId: string;
  let stripeInvoice: StripeObject;
  const signer = new Stripe('sk_test_signer_only');

  const bearer = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const url = (path: string) => `${baseUrl}/v1/workspaces/${workspaceId}${path}`;
  const get = (path: string): Promise<HttpResult> => httpRequest(url(path), { headers: bearer() });
  const post = (path: string, body: unknown): Promise<HttpResult> => postJson(url(path), body, bearer());
  const ok = (result: HttpResult, status = 200): Json => {
    expect({ status: result.status, body: result.text.slice(0, 1500) }).toMatchObject({ status });
    return jsonObject(result);
  };
  const sql = <T = Json>(text: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(text, parameters);
  const deliver = (payload: string, signature: string): Promise<HttpResult> =>
    httpRequest(`${baseUrl}/v1/billing/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
      body: payload,
    });
  const signed = (event: StripeObject, options: { secret?: string; timestamp?: number } = {}) => {
    const payload = JSON.stringify(event, null, 2);
    return {
      payload,
      signature: signer.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? WEBHOOK_SECRET,
        timestamp: options.timestamp,
      }),
    };
  };
  const processed = (eventId: string) =>
    pollUntil(
      `Stripe event ${eventId} processed`,
      () =>
        sql<{ outcome: string | null }>(
          `SELECT outcome FROM billing_provider_events WHERE workspace_id = $1 AND provider_event_id = $2`,
          [workspaceId, eventId],
        ),
      (rows) => rows.length === 1 && rows[0].outcome !== null,
    );

  beforeAll(async () => {
    const catalog = await writeCatalogFile('keel-stripe', CATALOG);
    dir = catalog.dir;
    const catalogPath = catalog.path;
    standIn = await startStripeStandIn();
    keel = await startKeelOnTestDatabase({
      BILLING_CATALOG: catalogPath,
      BILLING_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: standIn.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: standIn.baseUrl,
    });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'stripe-owner');
    workspaceId = ok(await postJson(`${baseUrl}/v1/workspaces`, { name: 'Stripe Works' }, bearer()), 201).id as string;
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await standIn?.close();
    await dir?.remove();
  });

  it('should mirror a plan change at Stripe and charge the closed period there, a declined card making it past_due', async () => {
    ok(await post('/subscription', { plan: 'team', interval: 'month' }));
    const mirrored = await pollUntil(
      'the subscription mirrored at Stripe',
      async () =>
        [...standIn.subscriptions.values()].find(
          (subscription) => (subscription.metadata as Json).keel_workspace_id === workspaceId,
        ),
      (subscription) => subscription !== undefined,
    );
    const customerId = mirrored?.customer as string;
    expect(standIn.customers.get(customerId)).toMatchObject({ metadata: { keel_workspace_id: workspaceId } });
    expect(mirrored).toMatchObject({ status: 'active', items: { data: [{ price: { product: 'keel_plan_team' } }] } });

    standIn.decliningCustomers.add(customerId);
    await sql(`UPDATE subscriptions SET current_period_end = now() - interval '1 minute' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    await sql(`INSERT INTO pgboss.job (name, data) VALUES ('billing.periods', '{}')`);
    await sql(`SELECT pg_notify('keel_queue', 'billing.periods')`);
    const subscription = await pollUntil(
      'the subscription past_due after the declined charge',
      async () => ok(await get('/subscription')),
      (body) => body.status === 'past_due',
    );
    expect(subscription.pastDueSince).toEqual(expect.any(String));
    const [invoice] = ok(await get('/invoices')).data as Json[];
    invoiceId = invoice.id as string;
    // Next month's Team in advance, and the rest of this period prorated: Keel's lines, charged as they are.
    expect(invoice).toMatchObject({ status: 'open', attemptCount: 1, total: 5706 });
    stripeInvoice = [...standIn.invoices.values()].find(
      (each) => (each.metadata as Json).keel_invoice_id === invoiceId,
    ) as StripeObject;
    expect(stripeInvoice).toMatchObject({ status: 'open', total: 5706, attempt_count: 1, customer: customerId });
    expect((stripeInvoice.lines as { data: Json[] }).data.map((line) => line.amount)).toEqual(
      (invoice.lines as Json[]).map((line) => line.amount),
    );
  }, 120_000);

  it('should take writes again once an invoice.paid webhook records the payment, and process a replay once', async () => {
    await sql(`UPDATE subscriptions SET past_due_since = now() - interval '15 days' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    let attempt = 0;
    const refused = await pollUntil(
      'writes refused after the grace period',
      () => post('/projects', { key: `LATE${++attempt}`, name: 'After grace' }),
      (result) => result.status !== 201,
    );
    expectProblem(refused, { status: 402, code: 'SUBSCRIPTION_PAST_DUE' });

    // The customer updates their card; Stripe's retry succeeds and it sends invoice.paid.
    standIn.decliningCustomers.clear();
    Object.assign(stripeInvoice, {
      status: 'paid',
      amount_paid: 5706,
      amount_remaining: 0,
      attempt_count: 2,
      status_transitions: { ...(stripeInvoice.status_transitions as Json), paid_at: Math.floor(Date.now() / 1000) },
    });
    const paidEvent = standIn.event('invoice.paid', stripeInvoice);
    const { payload, signature } = signed(paidEvent);
    const first = ok(await deliver(payload, signature));
    expect(first).toEqual({ received: true, result: 'accepted', eventId: paidEvent.id });
    expect(await processed(paidEvent.id)).toEqual([{ outcome: 'applied' }]);
    expect(ok(await get(`/invoices/${invoiceId}`))).toMatchObject({ status: 'paid' });
    expect(ok(await get('/subscription'))).toMatchObject({ status: 'active', pastDueSince: null });
    await pollUntil(
      'writes taken again after the payment',
      () => post('/projects', { key: 'PAID', name: 'After payment' }),
      (result) => result.status === 201,
    );

    // Stripe redelivers the same event (its retry after a timeout): acknowledged, nothing done twice.
    expect(ok(await deliver(payload, signature))).toEqual({
      received: true,
      result: 'duplicate',
      eventId: paidEvent.id,
    });
    const paidEvents = await sql<{ count: string }>(
      `SELECT count(*) FROM outbox WHERE workspace_id = $1 AND type = 'invoice.paid'`,
      [workspaceId],
    );
    expect(paidEvents).toEqual([{ count: '1' }]);
  }, 120_000);

  it('should not let an older invoice.payment_failed delivered after invoice.paid flip the invoice back', async () => {
    const paidAt = (stripeInvoice.status_transitions as { paid_at: number }).paid_at;
    const late = standIn.event(
      'invoice.payment_failed',
      { ...stripeInvoice, status: 'open', attempt_count: 2, status_transitions: { paid_at: null } },
      paidAt - 120,
    );
    const { payload, signature } = signed(late);
    expect(ok(await deliver(payload, signature))).toMatchObject({ result: 'accepted' });
    expect(await processed(late.id)).toEqual([{ outcome: 'stale' }]);
    expect(ok(await get(`/invoices/${invoiceId}`))).toMatchObject({ status: 'paid', attemptCount: 1 });
    expect(ok(await get('/subscription'))).toMatchObject({ status: 'active' });
  });

  it('should refuse a webhook whose signature does not verify, or is more than 5 minutes old, with 400 WEBHOOK_SIGNATURE_INVALID', async () => {
    const event = standIn.event('invoice.paid', stripeInvoice);
    const forged = signed(event, { secret: 'whsec_not_the_endpoint_secret' });
    expectProblem(await deliver(forged.payload, forged.signature), { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' });
    const stale = signed(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expectProblem(await deliver(stale.payload, stale.signature), { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' });
    // The body changed after signing (one amount altered).
    const good = signed(event);
    const tampered = good.payload.replace('"total": 5706', '"total": 1');
    expect(tampered).not.toBe(good.payload);
    expectProblem(await deliver(tampered, good.signature), { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' });
    expectProblem(
      await httpRequest(`${baseUrl}/v1/billing/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: good.payload,
      }),
      { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' },
    );
    const rows = await sql(`SELECT 1 FROM billing_provider_events WHERE provider_event_id = $1`, [event.id]);
    expect(rows).toEqual([]);
  });

  it('should keep the Stripe secrets and signatures out of its logs', () => {
    const output = keel.keel.output();
    // The suite's traffic was logged: the webhook requests and the refused signatures among them.
    expect(output).toContain('/v1/billing/webhooks/stripe');
    expect(output).toContain('Stripe webhook signature refused');
    expect(output).not.toContain(standIn.secretKey);
    expect(output).not.toContain(WEBHOOK_SECRET);
    expect(output).not.toMatch(/v1=[0-9a-f]{64}/);
  });
});
