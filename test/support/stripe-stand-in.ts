import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server that speaks Stripe's wire format for the calls Keel makes:
 * form-encoded requests (`items[0][price_data][currency]=usd`), Stripe's JSON
 * objects (`object`, prefixed ids, unix times, list envelopes), its error
 * bodies (`{error: {type, code, message, param}}`) and statuses, Bearer
 * secret keys, and `Idempotency-Key`: a key seen before replays the first
 * response (with `Idempotent-Replayed: true`), and the same key with other
 * parameters is refused as Stripe refuses it. Driven through the official
 * SDK pointed at it (`host`, `port`, `protocol`), so what passes here is
 * what the SDK sends and parses.
 *
 * Resources: customers, products (own ids allowed), subscriptions (with
 * `items[].price_data`), invoices (create, finalize, pay, void,
 * mark_uncollectible, list) and invoice items. Payments succeed unless the
 * customer is in `decliningCustomers` (402 `card_error` / `card_declined`).
 * Tests read and change its objects directly to make Stripe disagree with Keel.
 */
export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: STRIPE_API_BASE. */
  baseUrl: string;
  secretKey: string;
  customers: Map<string, StripeObject>;
  products: Map<string, StripeObject>;
  subscriptions: Map<string, StripeObject>;
  invoices: Map<string, StripeObject>;
  invoiceItems: Map<string, StripeObject>;
  /** Customers whose payments are declined. */
  decliningCustomers: Set<string>;
  /** Every request: method, path, the Idempotency-Key sent, and whether it was replayed. */
  requests: { method: string; path: string; idempotencyKey: string | null; replayed: boolean }[];
  /** An invoice made here without Keel (as a person in Stripe's dashboard would). */
  addInvoice(customer: string, fields: Partial<StripeObject>): StripeObject;
  /** A Stripe event of `type` about `object`, as a webhook delivers it. */
  event(type: string, object: StripeObject, created?: number): StripeObject;
  close(): Promise<void>;
}

export type StripeObject = Record<string, unknown> & { id: string; object: string };

type FormValue = string | FormValue[] | { [key: string]: FormValue };

/** Stripe's form encoding into nested objects: `a[b][0][c]=1` → `{a: {b: [{c: '1'}]}}`. */
export function parseStripeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.replace(/\]/g, '').split('[');
    let node: Record<string, FormValue> | FormValue[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const key = segment === '' && Array.isArray(node) ? String(node.length) : segment;
      const container = node as Record<string, FormValue>;
      if (last) {
        container[key] = value;
        return;
      }
      if (container[key] === undefined)
        container[key] = /^\d+$/.test(path[index + 1]) || path[index + 1] === '' ? [] : {};
      node = container[key] as Record<string, FormValue>;
    });
  }
  return root;
}

const now = (): number => Math.floor(Date.now() / 1000);

let counter = 0;
function stripeId(prefix: string): string {
  counter += 1;
  return `${prefix}_${createHash('sha256').update(`${process.pid}:${Date.now()}:${counter}`).digest('hex').slice(0, 24)}`;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const missing = (kind: string, id: string, param = 'id') =>
  new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

function list(url: string, data: StripeObject[], limit: number): StripeObject {
  return { object: 'list', id: '', data: data.slice(0, limit), has_more: data.length > limit, url };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req'), ...headers });
  response.end(JSON.stringify(body));
}

function errorBody(error: StripeApiError): unknown {
  return { error: { type: error.type, message: error.message, ...error.extra } };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function metadataOf(params: Record<string, FormValue>): Record<string, string> {
  const metadata = params.metadata;
  return typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, string>) : {};
}

const int = (value: FormValue | undefined): number | null =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : null;

export async function startStripeStandIn(secretKey = 'sk_test_keel_stand_in'): Promise<StripeStandIn> {
  const customers = new Map<string, StripeObject>();
  const products = new Map<string, StripeObject>();
  const subscriptions = new Map<string, StripeObject>();
  const invoices = new Map<string, StripeObject>();
  const invoiceItems = new Map<string, StripeObject>();
  const decliningCustomers = new Set<string>();
  const requests: StripeStandIn['requests'] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();

  const customerOf = (id: FormValue | undefined): StripeObject => {
    if (typeof id !== 'string') {
      throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: customer.', {
        param: 'customer',
      });
    }
    const customer = customers.get(id);
    if (!customer) throw missing('customer', id, 'customer');
    return customer;
  };

  const subscriptionItem = (subscriptionId: string, priceData: Record<string, FormValue>, itemId?: string) => {
    const product = String(priceData.product ?? '');
    if (!products.has(product)) throw missing('product', product, 'items[0][price_data][product]');
    const recurring = (priceData.recurring ?? {}) as Record<string, FormValue>;
    const start = now();
    return {
      id: itemId ?? stripeId('si'),
      object: 'subscription_item',
      subscription: subscriptionId,
      quantity: 1,
      created: start,
      current_period_start: start,
      current_period_end: start + (recurring.interval === 'year' ? 365 : 30) * 86_400,
      metadata: {},
      price: {
        id: stripeId('price'),
        object: 'price',
        active: false,
        currency: String(priceData.currency ?? 'usd'),
        product,
        unit_amount: int(priceData.unit_amount) ?? 0,
        type: 'recurring',
        recurring: { interval: String(recurring.interval ?? 'month'), interval_count: 1, usage_type: 'licensed' },
      },
    };
  };

  const recomputeTotals = (invoice: StripeObject) => {
    const lines = [...invoiceItems.values()].filter((item) => item.invoice === invoice.id);
    const total = lines.reduce((sum, item) => sum + (item.amount as number), 0);
    const paid = invoice.status === 'paid';
    Object.assign(invoice, {
      subtotal: total,
      total,
      amount_due: Math.max(0, total),
      amount_paid: paid ? Math.max(0, total) : 0,
      amount_remaining: paid ? 0 : Math.max(0, total),
      lines: {
        object: 'list',
        data: lines.map((item) => ({
          id: `il_${(item.id as string).slice(3)}`,
          object: 'line_item',
          amount: item.amount,
          currency: item.currency,
          description: item.description,
          metadata: item.metadata,
        })),
        has_more: false,
        url: `/v1/invoices/${invoice.id}/lines`,
      },
    });
  };

  const newInvoice = (customer: string, fields: Partial<StripeObject>): StripeObject => {
    const invoice: StripeObject = {
      id: stripeId('in'),
      object: 'invoice',
      customer,
      status: 'draft',
      currency: 'usd',
      collection_method: 'charge_automatically',
      auto_advance: false,
      attempt_count: 0,
      attempted: false,
      description: null,
      metadata: {},
      livemode: false,
      created: now(),
      status_transitions: { finalized_at: null, paid_at: null, voided_at: null, marked_uncollectible_at: null },
      ...fields,
    };
    invoices.set(invoice.id, invoice);
    recomputeTotals(invoice);
    return invoice;
  };

  const invoiceFor = (id: string): StripeObject => {
    const invoice = invoices.get(id);
    if (!invoice) throw missing('invoice', id);
    return invoice;
  };

  const transition = (invoice: StripeObject, status: string, stamp: string) => {
    invoice.status = status;
    (invoice.status_transitions as Record<string, unknown>)[stamp] = now();
    recomputeTotals(invoice);
  };

  const route = (method: string, path: string, params: Record<string, FormValue>, query: URLSearchParams) => {
    const parts = path.split('/').filter(Boolean); // ['v1', resource, id?, action?]
    const [, resource, id, action] = parts;
    const limit = Math.min(Number(query.get('limit') ?? 10), 100);
    switch (`${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`) {
      case 'POST customers': {
        const customer: StripeObject = {
          id: stripeId('cus'),
          object: 'customer',
          created: now(),
          description: (params.description as string) ?? null,
          email: (params.email as string) ?? null,
          name: (params.name as string) ?? null,
          metadata: metadataOf(params),
          livemode: false,
        };
        customers.set(customer.id, customer);
        return customer;
      }
      case 'GET customers/:id': {
        const customer = customers.get(id);
        if (!customer) throw missing('customer', id);
        return customer;
      }
      case 'POST products': {
        const productId = typeof params.id === 'string' ? params.id : stripeId('prod');
        if (products.has(productId)) {
          throw new StripeApiError(400, 'invalid_request_error', `Product already exists.`, {
            code: 'resource_already_exists',
            param: 'id',
          });
        }
        const product: StripeObject = {
          id: productId,
          object: 'product',
          active: true,
          name: String(params.name ?? ''),
          metadata: metadataOf(params),
          created: now(),
          livemode: false,
        };
        products.set(product.id, product);
        return product;
      }
      case 'POST subscriptions': {
        const customer = customerOf(params.customer);
        const subscriptionId = stripeId('sub');
        const items = (params.items ?? []) as Record<string, FormValue>[];
        const trialEnd = int(params.trial_end);
        const subscription: StripeObject = {
          id: subscriptionId,
          object: 'subscription',
          customer: customer.id,
          status: trialEnd !== null && trialEnd > now() ? 'trialing' : 'active',
          trial_end: trialEnd,
          cancel_at_period_end: params.cancel_at_period_end === 'true',
          canceled_at: null,
          created: now(),
          start_date: now(),
          collection_method: 'charge_automatically',
          metadata: metadataOf(params),
          livemode: false,
          items: {
            object: 'list',
            data: items.map((item) => subscriptionItem(subscriptionId, item.price_data as Record<string, FormValue>)),
            has_more: false,
            url: `/v1/subscription_items?subscription=${subscriptionId}`,
          },
        };
        subscriptions.set(subscription.id, subscription);
        return subscription;
      }
      case 'GET subscriptions/:id': {
        const subscription = subscriptions.get(id);
        if (!subscription) throw missing('subscription', id);
        return subscription;
      }
      case 'POST subscriptions/:id': {
        const subscription = subscriptions.get(id);
        if (!subscription) throw missing('subscription', id);
        if (subscription.status === 'canceled') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'A canceled subscription can only update its cancellation_details and metadata.',
          );
        }
        const items = (params.items ?? []) as Record<string, FormValue>[];
        if (items.length > 0) {
          (subscription.items as { data: unknown[] }).data = items.map((item) =>
            subscriptionItem(id, item.price_data as Record<string, FormValue>, item.id as string | undefined),
          );
        }
        if (params.metadata !== undefined) subscription.metadata = metadataOf(params);
        if (params.cancel_at_period_end !== undefined) {
          subscription.cancel_at_period_end = params.cancel_at_period_end === 'true';
        }
        if (params.trial_end === 'now') {
          Object.assign(subscription, { trial_end: now(), status: 'active' });
        } else if (int(params.trial_end) !== null) {
          const trialEnd = int(params.trial_end) as number;
          Object.assign(subscription, { trial_end: trialEnd, status: trialEnd > now() ? 'trialing' : 'active' });
        }
        return subscription;
      }
      case 'DELETE subscriptions/:id': {
        const subscription = subscriptions.get(id);
        if (!subscription) throw missing('subscription', id);
        Object.assign(subscription, { status: 'canceled', canceled_at: now(), ended_at: now() });
        return subscription;
      }
      case 'GET subscriptions': {
        const status = query.get('status');
        const found = [...subscriptions.values()].filter(
          (subscription) =>
            (query.get('customer') === null || subscription.customer === query.get('customer')) &&
            (status === 'all' ||
              (status === null ? subscription.status !== 'canceled' : subscription.status === status)),
        );
        return list('/v1/subscriptions', found.reverse(), limit);
      }
      case 'POST invoices': {
        const customer = customerOf(params.customer);
        return newInvoice(customer.id, {
          currency: String(params.currency ?? 'usd'),
          collection_method: String(params.collection_method ?? 'charge_automatically'),
          auto_advance: params.auto_advance === 'true',
          description: (params.description as string) ?? null,
          metadata: metadataOf(params),
        });
      }
      case 'GET invoices/:id':
        return invoiceFor(id);
      case 'GET invoices': {
        const found = [...invoices.values()].filter(
          (invoice) => query.get('customer') === null || invoice.customer === query.get('customer'),
        );
        return list('/v1/invoices', found.reverse(), limit);
      }
      case 'POST invoiceitems': {
        const customer = customerOf(params.customer);
        const amount = int(params.amount);
        if (amount === null) {
          throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: amount.', {
            param: 'amount',
          });
        }
        const invoiceId = typeof params.invoice === 'string' ? params.invoice : null;
        if (invoiceId !== null && invoiceFor(invoiceId).status !== 'draft') {
          throw new StripeApiError(400, 'invalid_request_error', 'Invoice items can only be added to draft invoices.', {
            param: 'invoice',
          });
        }
        const item: StripeObject = {
          id: stripeId('ii'),
          object: 'invoiceitem',
          customer: customer.id,
          invoice: invoiceId,
          amount,
          currency: String(params.currency ?? 'usd'),
          description: (params.description as string) ?? null,
          metadata: metadataOf(params),
          date: now(),
          livemode: false,
        };
        invoiceItems.set(item.id, item);
        if (invoiceId !== null) recomputeTotals(invoiceFor(invoiceId));
        return item;
      }
      case 'POST invoices/:id/finalize': {
        const invoice = invoiceFor(id);
        if (invoice.status !== 'draft') {
          throw new StripeApiError(400, 'invalid_request_error', `This invoice is already finalized.`, {
            code: 'invoice_not_editable',
          });
        }
        // An invoice with nothing due is paid as it is finalized.
        const nothingDue = (invoice.amount_due as number) === 0;
        transition(invoice, nothingDue ? 'paid' : 'open', 'finalized_at');
        if (nothingDue) transition(invoice, 'paid', 'paid_at');
        return invoice;
      }
      case 'POST invoices/:id/pay': {
        const invoice = invoiceFor(id);
        if (invoice.status === 'paid') {
          throw new StripeApiError(400, 'invalid_request_error', 'Invoice is already paid.', {
            code: 'invoice_already_paid',
          });
        }
        if (invoice.status !== 'open') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `You cannot pay an invoice that is ${String(invoice.status)}.`,
            {
              code: 'invoice_not_editable',
            },
          );
        }
        if (params.paid_out_of_band !== 'true') {
          Object.assign(invoice, { attempt_count: (invoice.attempt_count as number) + 1, attempted: true });
          if (decliningCustomers.has(invoice.customer as string)) {
            throw new StripeApiError(402, 'card_error', 'Your card was declined.', {
              code: 'card_declined',
              decline_code: 'generic_decline',
            });
          }
        }
        transition(invoice, 'paid', 'paid_at');
        return invoice;
      }
      case 'POST invoices/:id/void': {
        const invoice = invoiceFor(id);
        if (invoice.status !== 'open') {
          throw new StripeApiError(400, 'invalid_request_error', 'Only open invoices can be voided.', {
            code: 'invoice_not_editable',
          });
        }
        transition(invoice, 'void', 'voided_at');
        return invoice;
      }
      case 'POST invoices/:id/mark_uncollectible': {
        const invoice = invoiceFor(id);
        transition(invoice, 'uncollectible', 'marked_uncollectible_at');
        return invoice;
      }
      default:
        throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
    }
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const method = request.method ?? 'GET';
      const raw = await bodyOf(request);
      const key = request.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : null;
      if (request.headers.authorization !== `Bearer ${secretKey}`) {
        requests.push({ method, path: url.pathname, idempotencyKey, replayed: false });
        return send(response, 401, {
          error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' },
        });
      }
      const fingerprint = `${method} ${url.pathname} ${raw}`;
      const seen = idempotencyKey !== null ? idempotent.get(idempotencyKey) : undefined;
      requests.push({ method, path: url.pathname, idempotencyKey, replayed: seen !== undefined });
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return send(response, 400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        return send(response, seen.status, seen.body, {
          'idempotent-replayed': 'true',
          'idempotency-key': idempotencyKey ?? '',
        });
      }
      let status = 200;
      let body: unknown;
      try {
        body = route(method, url.pathname, parseStripeForm(method === 'GET' ? '' : raw), url.searchParams);
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        status = error.status;
        body = errorBody(error);
      }
      // Stripe keeps the first answer of a key, errors included (except its own 5xx); a snapshot, not the live object.
      if (idempotencyKey !== null && method !== 'GET') {
        idempotent.set(idempotencyKey, { fingerprint, status, body: JSON.parse(JSON.stringify(body)) });
      }
      send(response, status, body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
    })().catch((error: unknown) => {
      send(response, 500, { error: { type: 'api_error', message: (error as Error).message } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    secretKey,
    customers,
    products,
    subscriptions,
    invoices,
    invoiceItems,
    decliningCustomers,
    requests,
    addInvoice: (customer, fields) => {
      // The amounts given stand as they are (an invoice whose items are not modelled here).
      const invoice = newInvoice(customer, fields);
      return Object.assign(invoice, fields);
    },
    event: (type, object, created = now()) => ({
      id: stripeId('evt'),
      object: 'event',
      api_version: '2026-11-18.endive',
      created,
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: JSON.parse(JSON.stringify(object)) as StripeObject },
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
