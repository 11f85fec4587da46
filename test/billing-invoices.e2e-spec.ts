/**
 * Subscriptions and invoices through the built API on real PostgreSQL: an
 * upgrade mid-period prorated to the minor unit, a downgrade waiting for the
 * period's end, the period closed by the scheduled job (a job run in the
 * ledger) into an invoice with the plan price, the prorations and the
 * metered overage, and dunning: a failed payment, recorded by the operator
 * command of the `none` provider, makes the subscription past_due; once the
 * grace period is over the workspace is read-only for everything but
 * billing (402 SUBSCRIPTION_PAST_DUE) while reads go on; a payment restores it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runKeelCommand } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';
import { makeTempDir, TempDir } from './support/temp-dir';

type Json = Record<string, unknown>;

const DAY_MS = 86_400_000;

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
      prices: [
        { interval: 'month', amount: 2900, currency: 'usd' },
        { interval: 'year', amount: 29000, currency: 'usd' },
      ],
      trialDays: 0,
      features: { tokens: { kind: 'metered', included: 1000, overageUnitAmount: 2, enforcement: 'soft' } },
    },
    {
      key: 'business',
      name: 'Business',
      prices: [{ interval: 'month', amount: 9900, currency: 'usd' }],
      trialDays: 0,
      features: { tokens: { kind: 'metered', included: 100, overageUnitAmount: 5, enforcement: 'soft' } },
    },
  ],
};

describe('billing: subscriptions, invoices and dunning', () => {
  let dir: TempDir;
  let catalogPath: string;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let owner: SignedInPerson;
  let workspaceId: string;
  let invoiceId: string;

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
  const linesOf = (invoice: Json) =>
    (invoice.lines as Json[]).map((line) => [line.kind, line.description, line.amount]);
  const eventTypes = async (): Promise<string[]> =>
    (
      await sql<{ type: string; change: string | null }>(
        `SELECT type, data->>'change' AS change FROM outbox
          WHERE workspace_id = $1 AND (type LIKE 'subscription.%' OR type LIKE 'invoice.%') ORDER BY id`,
        [workspaceId],
      )
    ).map((event) => (event.change ? `${event.type}:${event.change}` : event.type));
  const invoiceCommand = (...args: string[]) =>
    runKeelCommand({
      args: ['billing:invoice', ...args],
      env: { DATABASE_URL: keel.login.url, BILLING_CATALOG: catalogPath, LOG_LEVEL: 'warn' },
    });

  beforeAll(async () => {
    dir = await makeTempDir('keel-invoices');
    catalogPath = join(dir.path, 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(CATALOG));
    keel = await startKeelOnTestDatabase({ BILLING_CATALOG: catalogPath });
    baseUrl = keel.keel.url;
    owner = await signUp(baseUrl, 'invoices-owner');
    workspaceId = ok(await postJson(`${baseUrl}/v1/workspaces`, { name: 'Invoice Works' }, bearer()), 201).id as string;
  }, 120_000);

  afterAll(async () => {
    await keel?.stop();
    await dir?.remove();
  });

  it('should prorate upgrades made mid-period to the minor unit and keep a downgrade for the period end', async () => {
    ok(await get('/subscription'));
    // A 30-day period of which 10.5 days are gone: 19 whole days are left after the day of the change.
    const start = new Date(Date.now() - 10.5 * DAY_MS);
    const end = new Date(start.getTime() + 30 * DAY_MS);
    await sql(`UPDATE subscriptions SET current_period_start = $2, current_period_end = $3 WHERE workspace_id = $1`, [
      workspaceId,
      start,
      end,
    ]);

    const team = ok(await post('/subscription', { plan: 'team', interval: 'month' }));
    expect(team).toMatchObject({ plan: { key: 'team' }, status: 'active', pendingChange: null });
    const business = ok(await post('/subscription', { plan: 'business' }));
    expect(business).toMatchObject({
      plan: { key: 'business' },
      currentPeriod: { start: start.toISOString(), end: end.toISOString() },
    });

    const upcoming = ok(await get('/invoices/upcoming'));
    // Starter → Team: 2,900 × 19 / 30 = 1,836.67 → 1,837 charged (Starter's unused time costs nothing).
    // Team → Business: Team's 1,837 credited, 9,900 × 19 / 30 = 6,270 charged. Next month's Business in advance.
    expect(linesOf(upcoming)).toEqual([
      ['plan', 'Business (monthly)', 9900],
      ['proration', 'Remaining time on Team (19 of 30 days)', 1837],
      ['proration', 'Unused time on Team (19 of 30 days)', -1837],
      ['proration', 'Remaining time on Business (19 of 30 days)', 6270],
    ]);
    expect(upcoming).toMatchObject({ id: null, status: 'draft', currency: 'usd', total: 16170, amountDue: 16170 });

    const downgraded = ok(await post('/subscription', { plan: 'team' }));
    expect(downgraded).toMatchObject({
      plan: { key: 'business' },
      pendingChange: { plan: { key: 'team', version: 1 }, interval: 'month', effectiveAt: end.toISOString() },
    });
    expect(linesOf(ok(await get('/invoices/upcoming')))[0]).toEqual(['plan', 'Team (monthly)', 2900]);
    expect(await eventTypes()).toEqual([
      'subscription.changed:plan_changed',
      'subscription.changed:plan_changed',
      'subscription.changed:change_scheduled',
    ]);

    const invalid = await post('/subscription', { plan: 'team', interval: 'week' });
    expectProblem(invalid, { status: 422, code: 'VALIDATION_FAILED' });
    expectProblem(await post('/subscription', { plan: 'platinum' }), { status: 422, code: 'VALIDATION_FAILED' });
    expectProblem(await post('/subscription', { plan: 'business', interval: 'year' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
    });
  });

  it('should close the period in a job run: the invoice has the plan price, the prorations and the overage, exactly', async () => {
    ok(
      await post('/meters', {
        key: 'tokens',
        eventType: 'llm.completion',
        aggregation: 'sum',
        valueProperty: 'tokens',
      }),
      201,
    );
    const at = new Date(Date.now() - 60 * 60_000).toISOString();
    const usage = ok(
      await post('/usage-events', {
        events: [
          { id: 'usage-1', type: 'llm.completion', timestamp: at, properties: { tokens: 100 } },
          { id: 'usage-2', type: 'llm.completion', timestamp: at, properties: { tokens: 30.5 } },
        ],
      }),
      202,
    );
    expect(usage).toMatchObject({ accepted: 2, rejected: [] });
    const [{ start }] = await sql<{ start: Date }>(
      `SELECT current_period_start AS start FROM subscriptions WHERE workspace_id = $1`,
      [workspaceId],
    );
    const end = new Date(Date.now() - 60_000);
    await sql(`UPDATE subscriptions SET current_period_end = $2 WHERE workspace_id = $1`, [workspaceId, end]);

    await sql(`INSERT INTO pgboss.job (name, data) VALUES ('billing.periods', '{}')`);
    await sql(`SELECT pg_notify('keel_queue', 'billing.periods')`);
    const list = await pollUntil(
      'the invoice of the closed period',
      async () => ok(await get('/invoices')),
      (page) => (page.data as Json[]).some((invoice) => invoice.status === 'open'),
    );
    const [invoice] = list.data as Json[];
    invoiceId = invoice.id as string;

    // 30.5 tokens beyond Business's 100 count as 31 units at 5: 155.
    expect(linesOf(invoice)).toEqual([
      ['plan', 'Team (monthly)', 2900],
      ['proration', 'Remaining time on Team (19 of 30 days)', 1837],
      ['proration', 'Unused time on Team (19 of 30 days)', -1837],
      ['proration', 'Remaining time on Business (19 of 30 days)', 6270],
      ['overage', 'tokens: 31 beyond the 100 included in Business', 155],
    ]);
    expect(invoice).toMatchObject({
      status: 'open',
      currency: 'usd',
      period: { start: new Date(start).toISOString(), end: end.toISOString() },
      subtotal: 9325,
      total: 9325,
      amountDue: 9325,
      paidAt: null,
    });
    expect(ok(await get(`/invoices/${invoiceId}`))).toEqual(invoice);
    expect(ok(await get('/subscription'))).toMatchObject({
      plan: { key: 'team' },
      status: 'active',
      pendingChange: null,
      currentPeriod: { start: end.toISOString() },
    });
    const runs = ok(await get('/jobs?type=billing.close_period'));
    expect((runs.data as Json[]).map((run) => run.status)).toEqual(['succeeded']);
    expect((await eventTypes()).slice(3)).toEqual(['subscription.changed:renewed', 'invoice.finalized']);

    // Usage in the invoiced period can no longer be reported.
    const late = ok(
      await post('/usage-events', {
        events: [{ id: 'usage-late', type: 'llm.completion', timestamp: at, properties: { tokens: 1 } }],
      }),
      202,
    );
    expect(late).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'PERIOD_CLOSED' }] });
  });

  it('should make the workspace read-only after the grace period of a failed payment, and a payment restores it', async () => {
    const failed = await invoiceCommand(workspaceId, invoiceId, 'payment_failed');
    expect({ code: failed.code, output: failed.output.slice(-500) }).toMatchObject({ code: 0 });
    const pastDue = ok(await get('/subscription'));
    expect(pastDue).toMatchObject({ status: 'past_due' });
    expect(Date.parse(pastDue.readOnlyFrom as string) - Date.parse(pastDue.pastDueSince as string)).toBe(14 * DAY_MS);
    expect(ok(await get(`/invoices/${invoiceId}`))).toMatchObject({ status: 'open', attemptCount: 1 });
    // Within the grace period, writes go on.
    ok(await post('/projects', { key: 'GRACE', name: 'Within grace' }), 201);

    await sql(`UPDATE subscriptions SET past_due_since = now() - interval '15 days' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    // Another process may have read the subscription a moment before: its answer lasts a few seconds.
    let attempt = 0;
    const refused = await pollUntil(
      'writes refused once the grace period is over',
      () => post('/projects', { key: `LATE${++attempt}`, name: 'After grace' }),
      (result) => result.status !== 201,
    );
    expectProblem(refused, { status: 402, code: 'SUBSCRIPTION_PAST_DUE' });
    expect(ok(await get('/projects')).data as Json[]).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'GRACE' })]),
    );
    // Billing itself keeps working: a plan change is taken.
    expect(ok(await post('/subscription', { plan: 'business' }))).toMatchObject({ plan: { key: 'business' } });

    const paid = await invoiceCommand(workspaceId, invoiceId, 'paid');
    expect({ code: paid.code, output: paid.output.slice(-500) }).toMatchObject({ code: 0 });
    expect(ok(await get(`/invoices/${invoiceId}`))).toMatchObject({ status: 'paid' });
    expect(ok(await get('/subscription'))).toMatchObject({ status: 'active', pastDueSince: null, readOnlyFrom: null });
    await pollUntil(
      'writes taken again after the payment',
      () => post('/projects', { key: 'PAID', name: 'After payment' }),
      (result) => result.status === 201,
    );
    expect((await eventTypes()).slice(5)).toEqual([
      'invoice.payment_failed',
      'subscription.changed:past_due',
      'subscription.changed:plan_changed',
      'invoice.paid',
      'subscription.changed:restored',
    ]);
    const [audit] = await sql<{ data: Json }>(
      `SELECT data FROM audit_events WHERE workspace_id = $1 AND action = 'invoice.marked' ORDER BY id DESC LIMIT 1`,
      [workspaceId],
    );
    expect(audit.data).toMatchObject({ outcome: 'paid', status: 'paid' });

    const again = await invoiceCommand(workspaceId, invoiceId, 'void');
    expect(again.code).toBe(1);
    expect(again.output).toContain('The invoice is paid; it cannot be marked void.');
    // Three runs of the operator command, each a whole Keel starting and stopping.
  }, 240_000);
});
