import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { AddressRefusedError } from './address-refused-error';
import { createGuardedConnector } from './guarded-connector';
import { readResponseBody } from './response-excerpt';
import type { WebhookFailureOutcome } from './webhook-delivery-outcome';

/** One request to a URL a workspace gave: a webhook receiver, an AI tool's API. */
export interface GuardedRequest {
  readonly url: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface GuardedRequestOptions {
  /**
   * Let the request reach private, loopback, link-local and other non-public
   * addresses. Only for self-hosted installs and tests: for tenants' URLs it
   * is the SSRF hole the guard exists to close.
   */
  readonly allowPrivate: boolean;
  /** The whole request, from DNS and connect to the last byte read, in milliseconds. */
  readonly timeoutMs: number;
  /** How many bytes of the response body to keep. */
  readonly keepBytes: number;
  /** How many bytes to read from the wire at most (at least keepBytes); keepBytes unless told. */
  readonly readLimitBytes?: number;
}

/** The remote end answered. */
export interface GuardedResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The first `keepBytes` of the body. */
  readonly body: Buffer;
  /** Whether the body ended within the read limit. */
  readonly complete: boolean;
  readonly latencyMs: number;
}

/** `refused` (no packet sent), `timeout`, or `network-error`: never a thrown exception. */
export type GuardedRequestFailure = WebhookFailureOutcome;

export type GuardedRequestOutcome = GuardedResponse | GuardedRequestFailure;

/**
 * Sends one request to a URL a workspace chose, under the outbound rules
 * webhooks established: http or https only, redirects not followed, the
 * response read only up to a limit, one deadline for the whole exchange, and
 * unless `allowPrivate` is set the connection is only opened to a public
 * address, checked on the address actually connected to. Never throws for
 * anything the remote end does; it throws only for invalid options, which
 * are the caller's bug.
 */
export async function sendGuardedRequest(
  outbound: GuardedRequest,
  options: GuardedRequestOptions,
): Promise<GuardedRequestOutcome> {
  const readLimitBytes = options.readLimitBytes ?? options.keepBytes;
  assertPositiveInteger('timeoutMs', options.timeoutMs);
  assertPositiveInteger('keepBytes', options.keepBytes);
  assertPositiveInteger('readLimitBytes', readLimitBytes);

  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);

  const target = parseTarget(outbound.url);
  if (typeof target === 'string') {
    return { kind: 'refused', error: target, latencyMs: elapsed() };
  }

  // One agent per request: it is the unit of cancellation (destroying it ends a
  // connect, a wait for headers or a body read alike), and no pooled socket
  // outlives the request whose address check let it open.
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
      method: outbound.method,
      headers: { ...outbound.headers },
      body: outbound.body,
    });
    const { kept, complete } = await readResponseBody(
      response.body,
      options.keepBytes,
      Math.max(options.keepBytes, readLimitBytes),
    );
    return {
      kind: 'response',
      status: response.statusCode,
      headers: response.headers,
      body: kept,
      complete,
      latencyMs: elapsed(),
    };
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
    return 'The URL is not a valid absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The URL must use http or https, not ${url.protocol.replace(/:$/, '')}.`;
  }
  return url;
}

function failure(error: unknown, timedOut: boolean, latencyMs: number): GuardedRequestFailure {
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
