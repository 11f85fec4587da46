import { Agent, request } from 'undici';
import { AddressRefusedError } from './address-refused-error';
import { createGuardedConnector } from './guarded-connector';
import { readResponseExcerpt } from './response-excerpt';
import type { WebhookDeliveryOutcome, WebhookFailureOutcome } from './webhook-delivery-outcome';
import type { StandardWebhookHeaders } from './webhook-signature';

export const WEBHOOK_USER_AGENT = 'Keel-Webhooks/1';

/** How much of a response body is kept for the delivery record unless told. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024;

// Read a little past the excerpt so a typical answer is consumed to its end (its
// latency then covers the whole response), but never more than this from the wire.
const RESPONSE_READ_LIMIT_BYTES = 64 * 1024;

export interface WebhookDeliveryRequest {
  readonly url: string;
  /** The exact JSON text that was signed. */
  readonly body: string;
  /** From `signWebhook`, made for this attempt. */
  readonly headers: StandardWebhookHeaders;
}

export interface WebhookSendOptions {
  /**
   * Let the request reach private, loopback, link-local and other non-public
   * addresses. Only for self-hosted installs and tests: for tenants' URLs it
   * is the SSRF hole the guard exists to close.
   */
  readonly allowPrivate: boolean;
  /** The whole attempt, from DNS and connect to the last byte read, in milliseconds. */
  readonly timeoutMs: number;
  /** How many bytes of the response body to keep as the excerpt; 1024 unless told. */
  readonly maxResponseBytes?: number;
}

/**
 * POSTs one signed webhook and reports what happened. Redirects are not
 * followed (a 3xx is a failed attempt, as Standard Webhooks advises), the
 * response body is read only up to a limit, and unless `allowPrivate` is set
 * the connection is only opened to a public address, checked on the address
 * actually connected to. Never throws for anything the remote end does; it
 * throws only for invalid options, which are the caller's bug.
 */
export async function sendWebhook(
  delivery: WebhookDeliveryRequest,
  options: WebhookSendOptions,
): Promise<WebhookDeliveryOutcome> {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  assertPositiveInteger('timeoutMs', options.timeoutMs);
  assertPositiveInteger('maxResponseBytes', maxResponseBytes);

  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);

  const target = parseTarget(delivery.url);
  if (typeof target === 'string') {
    return { kind: 'refused', error: target, latencyMs: elapsed() };
  }

  // One agent per attempt: it is the unit of cancellation (destroying it ends a
  // connect, a wait for headers or a body read alike), and no pooled socket
  // outlives the attempt whose address check let it open.
  const agent = new Agent({
    connect: options.allowPrivate ? { timeout: options.timeoutMs } : createGuardedConnector(options.timeoutMs),
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    agent.destroy(new Error(`No complete response within ${options.timeoutMs} ms.`)).catch(() => undefined);
  }, options.timeoutMs);

  try {
    const response = await request(target, {
      dispatcher: agent,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        ...delivery.headers,
      },
      body: delivery.body,
    });
    const bodyExcerpt = await readResponseExcerpt(
      response.body,
      maxResponseBytes,
      Math.max(maxResponseBytes, RESPONSE_READ_LIMIT_BYTES),
    );
    const status = response.statusCode;
    return { kind: 'response', status, latencyMs: elapsed(), bodyExcerpt, success: status >= 200 && status <= 299 };
  } catch (error: unknown) {
    return failure(error, timedOut, elapsed());
  } finally {
    clearTimeout(timer);
    await agent.destroy().catch(() => undefined);
  }
}

/** The URL to send to, or why it may not be used. */
function parseTarget(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'The webhook URL is not a valid absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The webhook URL must use http or https, not ${url.protocol.replace(/:$/, '')}.`;
  }
  return url;
}

function failure(error: unknown, timedOut: boolean, latencyMs: number): WebhookFailureOutcome {
  if (timedOut) {
    return { kind: 'timeout', error: `No complete response within the time limit (${latencyMs} ms).`, latencyMs };
  }
  const refused = findCause(error, AddressRefusedError);
  if (refused) {
    return { kind: 'refused', error: refused.message, latencyMs };
  }
  return { kind: 'network-error', error: describe(error), latencyMs };
}

function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  // Bounded: a cause chain is short, and a cyclic one must not hang the sender.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof type) {
      return current;
    }
    current = current.cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const code = (error as NodeJS.ErrnoException).code;
  // Node races IPv6 and IPv4 (autoSelectFamily) and reports both failures together, with no message of its own.
  const text =
    error instanceof AggregateError && !error.message
      ? error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ')
      : error.message || error.name;
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive whole number.`);
  }
}
