/**
 * Reconciliation with the Stripe stand-in, through the built API on real
 * PostgreSQL: the daily schedule queues a `billing.reconcile` job run (in the
 * jobs ledger) that finds each kind of mismatch between Keel and Stripe with
 * both sides' values; `GET …/billing/reconciliation` shows them and
 * `POST …/billing/mismatches/{id}/resolve` makes them good (push_local,
 * pull_provider) or accepts them (ignore), audited; the metrics count what is
 * open; `main.js billing:reconcile` runs it again and finds only what is left.
 */
import { randomUUID } from 'node:crypto';
import { runKeelCommand } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { StripeObject, StripeStandIn, startStripeStandIn } from './support/stripe-stand-in';
import { writeCatalogFile } from './support/catalog-file';
import type { TempDir } from './support/temp-dir';
import { workspaceDrained } from './support/workspace-history';

type Json = Record<string, unknown>;

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

describe('billing reconciliation with the stripe provider', () => {
  let dir: TempDir;
  let catalogPath: string;
  let standIn: StripeStandIn;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;
  let customerId: string;
  let mirror: StripeObject;
  let declinedInvoiceId: string;
  const unsent = randomUUID();
  const misbilled = randomUUID();
  let stray: StripeObject;
  let mismatches: Json[];

  const stripeEnv = () => ({
    BILLING_CATALOG: catalogPath,
    BILLING_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: standIn.secretKey,
    STRIPE_WEBHOOK_SECRET: 'whsec_reconciliation_suite',
    STRIPE_API_BASE: standIn.baseUrl,
  });
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
  const mismatchOf = (type: string) => mismatches.find((mismatch) => mismatch.type === type) as Json;
  const resolve = (type: string, body: Json) =>
    post(`/billing/mismatches/${mismatchOf(type).id as string}/resolve`, body);
  const closePeriod = async () => {
    await sql(`UPDATE subscriptions SET current_period_end = now() - interval '1 minute' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    await sql(`INSERT INTO pgboss.job (name, data) VALUES ('billing.periods', '{}')`);
    await sql(`SELECT pg_notify('keel_queue', 'billing.periods')`);
  };
  /** A finalized invoice Keel holds, made as the period close would (its plan line and total). */
  const plantInvoice = async (id: string, status: string, total: number, monthsAgo: number) => {
    await sql(
      `INSERT INTO invoices (workspace_id, id, subscription_id, status, currency, period_start, period_end,
                             subtotal, total, amount_due, finalized_at, paid_at)
       SELECT workspace_id, $2, id, $3, 'usd', now() - make_interval(months => $5 + 1), now() - make_interval(months => $5),
              $4, $4, $4, now(), CASE WHEN $3 = 'paid' THEN now() END
         FROM subscriptions WHERE workspace_id = $1`,
      [workspaceId, id, status, total, monthsAgo],
    );
    await sql(
      `INSERT INTO invoice_lines (workspace_id, id, subscription_id, invoice_id, kind, description, quantity,
                                  unit_amount, amount, period_start, period_end, plan_key, plan_version)
       SELECT workspace_id, $2, subscription_id, id, 'plan', 'Team (monthly)', 1, total, total, period_end,
              period_end + interval '1 month', 'team', 1
         FROM invoices WHERE workspace_id = $1 AND id = $3`,
      [workspaceId, randomUUID(), id],
    );
  };

  beforeAll(async () => {
    ({ dir, path: catalogPath } = await writeCatalogFile('keel-reconciliation', CATALOG));
    standIn = await startStripeStandIn();
    keel = await startKeelOnTestDatabase(stripeEnv());
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'reconciliation-owner');
    workspaceId = ok(await postJson(`${baseUrl}/v1/workspaces`, { name: 'Reconciled' }, bearer()), 201).id as string;

    // Team, mirrored at Stripe; the period closes and the card is declined.
    ok(await post('/subscription', { plan: 'team', interval: 'month' }));
    mirror = (await pollUntil(
      'the subscription mirrored at Stripe',
      async () =>
        [...standIn.subscriptions.values()].find(
          (subscription) => (subscription.metadata as Json).keel_workspace_id === workspaceId,
        ),
      (subscription) => subscription !== undefined,
    )) as StripeObject;
    customerId = mirror.customer as string;
    standIn.decliningCustomers.add(customerId);
    await closePeriod();
    await pollUntil(
      'the declined invoice',
      async () => ok(await get('/subscription')),
      (body) => body.status === 'past_due',
    );
    declinedInvoiceId = (ok(await get('/invoices')).data as Json[])[0].id as string;
    // The mirror is synced after each subscription change: let those finish before Stripe is made to differ.
    await workspaceDrained(keel.database.dataSource, workspaceId);
  }, 180_000);

  afterAll(async () => {
    await keel?.stop();
    await standIn?.close();
    await dir?.remove();
  });

  it('should find each kind of mismatch in the daily job run, with both sides’ values', async () => {
    // Stripe and Keel drift apart, one way for each kind:
    // the customer paid on Stripe's hosted page and the webhook was lost (status_differs);
    const declined = [...standIn.invoices.values()].find(
      (invoice) => (invoice.metadata as Json).keel_invoice_id === declinedInvoiceId,
    ) as StripeObject;
    Object.assign(declined, { status: 'paid', amount_paid: declined.total, amount_remaining: 0 });
    // someone edited the subscription in Stripe's dashboard (plan_differs);
    const item = (mirror.items as { data: { price: Json }[] }).data[0];
    item.price.product = 'keel_plan_starter';
    // an invoice Keel finalized never reached Stripe (missing_at_provider);
    await plantInvoice(unsent, 'open', 2900, 2);
    // one reached it with another total (amount_differs);
    await plantInvoice(misbilled, 'paid', 990, 3);
    standIn.addInvoice(customerId, {
      status: 'paid',
      total: 1990,
      subtotal: 1990,
      amount_due: 1990,
      metadata: { keel_workspace_id: workspaceId, keel_invoice_id: misbilled },
    });
    // and an invoice was made in Stripe by hand (missing_locally).
    stray = standIn.addInvoice(customerId, { status: 'open', total: 1234, subtotal: 1234, amount_due: 1234 });

    expect(ok(await get('/billing/reconciliation'))).toEqual({ run: null, mismatches: [] });
    await sql(`INSERT INTO pgboss.job (name, data) VALUES ('billing.reconciliation', '{}')`);
    await sql(`SELECT pg_notify('keel_queue', 'billing.reconciliation')`);
    const latest = await pollUntil(
      'the reconciliation of the daily job',
      async () => ok(await get('/billing/reconciliation')),
      (body) => body.run !== null,
    );
    const runs = ok(await get('/jobs?type=billing.reconcile'));
    expect((runs.data as Json[]).map((run) => run.status)).toEqual(['succeeded']);
    expect(latest.run).toMatchObject({
      provider: 'stripe',
      trigger: 'job',
      jobRunId: (runs.data as Json[])[0].id,
      mismatches: 5,
    });
    mismatches = latest.mismatches as Json[];
    const seen = mismatches.map((mismatch) => [mismatch.type, mismatch.object, mismatch.local, mismatch.provider]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['plan_differs', 'subscription', { plan: 'team', interval: 'month' }, { plan: 'starter', interval: 'month' }],
        ['status_differs', 'invoice', { status: 'open' }, { status: 'paid' }],
        ['missing_at_provider', 'invoice', { status: 'open', total: 2900, amountDue: 2900, currency: 'usd' }, null],
        ['amount_differs', 'invoice', { total: 990, currency: 'usd' }, { total: 1990, currency: 'usd' }],
        ['missing_locally', 'invoice', null, { status: 'open', total: 1234, amountDue: 1234, currency: 'usd' }],
      ]),
    );
    expect(seen).toHaveLength(5);
    expect(mismatchOf('status_differs')).toMatchObject({
      localId: declinedInvoiceId,
      providerId: declined.id,
      status: 'open',
    });
    expect(mismatchOf('missing_at_provider')).toMatchObject({ localId: unsent, providerId: null });
    expect(mismatchOf('missing_locally')).toMatchObject({ localId: null, providerId: stray.id });
    expect(mismatchOf('plan_differs')).toMatchObject({ providerId: mirror.id });

    const scrape = await httpRequest(`${baseUrl}/metrics`);
    for (const type of ['missing_at_provider', 'missing_locally', 'status_differs', 'plan_differs', 'amount_differs']) {
      expect(scrape.text).toContain(`keel_billing_mismatches_open{type="${type}"} 1`);
    }
    const [last] =
      /^keel_billing_reconciliation_last_success_timestamp_seconds (\S+)$/m.exec(scrape.text)?.slice(1) ?? [];
    const finishedAt = Date.parse((latest.run as Json).finishedAt as string);
    expect(Math.abs(Number(last) * 1000 - finishedAt)).toBeLessThan(1000);
  }, 120_000);

  it('should resolve mismatches by pushing Keel’s side, pulling Stripe’s or ignoring them, each audited', async () => {
    // Stripe says paid: Keel takes it over, and the past_due workspace is restored.
    expect(
      ok(await resolve('status_differs', { action: 'pull_provider', note: 'Paid on the hosted page.' })),
    ).toMatchObject({
      status: 'resolved',
      resolution: 'pull_provider',
      note: 'Paid on the hosted page.',
      resolvedBy: `user:${owner.userId}`,
    });
    expect(ok(await get(`/invoices/${declinedInvoiceId}`))).toMatchObject({ status: 'paid' });
    expect(ok(await get('/subscription'))).toMatchObject({ status: 'active', pastDueSince: null });

    // Keel's plan pushed back over the dashboard edit.
    ok(await resolve('plan_differs', { action: 'push_local' }));
    expect((mirror.items as { data: { price: Json }[] }).data[0].price.product).toBe('keel_plan_team');

    // The invoice Stripe lacks is made there, line for line, without charging it.
    ok(await resolve('missing_at_provider', { action: 'push_local' }));
    const pushed = [...standIn.invoices.values()].find(
      (invoice) => (invoice.metadata as Json).keel_invoice_id === unsent,
    );
    expect(pushed).toMatchObject({ status: 'open', total: 2900, attempt_count: 0 });

    // Keel cannot take over an invoice it never made: refused, nothing changed; then accepted as it is.
    const refused = await resolve('missing_locally', { action: 'pull_provider' });
    expectProblem(refused, {
      status: 422,
      code: 'MISMATCH_ACTION_UNSUPPORTED',
      extensions: { mismatchType: 'missing_locally', object: 'invoice', action: 'pull_provider' },
    });
    ok(await resolve('missing_locally', { action: 'ignore', note: 'Made by hand for a one-off service.' }));
    expectProblem(await resolve('missing_locally', { action: 'ignore' }), {
      status: 409,
      code: 'MISMATCH_ALREADY_RESOLVED',
      extensions: { mismatchStatus: 'resolved', resolution: 'ignore' },
    });
    expectProblem(await resolve('amount_differs', { action: 'rewrite' }), { status: 422, code: 'VALIDATION_FAILED' });
    ok(await resolve('amount_differs', { action: 'ignore', note: 'Credited 10.00 at Stripe.' }));
    expectProblem(await post(`/billing/mismatches/${randomUUID()}/resolve`, { action: 'ignore' }), {
      status: 404,
      code: 'NOT_FOUND',
    });

    const audit = await sql<{ action: string; target_id: string; data: Json }>(
      `SELECT action, target_id, data FROM audit_events
        WHERE workspace_id = $1 AND action = 'billing.mismatch_resolved' ORDER BY id`,
      [workspaceId],
    );
    expect(audit.map((row) => [row.data.type, row.data.action, row.data.note])).toEqual([
      ['status_differs', 'pull_provider', 'Paid on the hosted page.'],
      ['plan_differs', 'push_local', null],
      ['missing_at_provider', 'push_local', null],
      ['missing_locally', 'ignore', 'Made by hand for a one-off service.'],
      ['amount_differs', 'ignore', 'Credited 10.00 at Stripe.'],
    ]);
    const scrape = await httpRequest(`${baseUrl}/metrics`);
    expect(scrape.text).toContain('keel_billing_mismatches_open{type="status_differs"} 0');
  });

  it('should reconcile again from the command line and find only what is still different', async () => {
    const result = await runKeelCommand({
      args: ['billing:reconcile'],
      env: { ...stripeEnv(), DATABASE_URL: keel.login.url, LOG_LEVEL: 'warn' },
    });
    expect({ code: result.code, output: result.output.slice(-800) }).toMatchObject({ code: 0 });
    expect(result.output).toContain(`${workspaceId}: 2 mismatch(es): amount_differs, missing_locally`);
    expect(result.output).toContain('Reconciled 1 of 1 workspace(s): 2 mismatch(es).');
    const latest = ok(await get('/billing/reconciliation'));
    expect(latest.run).toMatchObject({ trigger: 'cli', jobRunId: null, mismatches: 2 });
    expect((latest.mismatches as Json[]).map((mismatch) => [mismatch.type, mismatch.status]).sort()).toEqual([
      ['amount_differs', 'open'],
      ['missing_locally', 'open'],
    ]);
  }, 120_000);
});
