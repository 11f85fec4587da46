import { sendGuardedRequest } from './guarded-request';
import type { WebhookDeliveryOutcome } from './webhook-delivery-outcome';
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
 * POSTs one signed webhook and reports what happened, through
 * sendGuardedRequest: redirects are not followed (a 3xx is a failed attempt,
 * as Standard Webhooks advises), the response body is read only up to a
 * limit, and unless `allowPrivate` is set the connection is only opened to a
 * public address. Never throws for anything the remote end does; it throws
 * only for invalid options, which are the caller's bug.
 */
export async function sendWebhook(
  delivery: WebhookDeliveryRequest,
  options: WebhookSendOptions,
): Promise<WebhookDeliveryOutcome> {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const outcome = await sendGuardedRequest(
    {
      url: delivery.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT, ...delivery.headers },
      body: delivery.body,
    },
    {
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs,
      keepBytes: maxResponseBytes,
      readLimitBytes: Math.max(maxResponseBytes, RESPONSE_READ_LIMIT_BYTES),
    },
  );
  if (outcome.kind !== 'response') return outcome;
  const { status, latencyMs } = outcome;
  // An incomplete UTF-8 sequence at the cut is dropped rather than shown as a replacement character.
  const bodyExcerpt = new TextDecoder('utf-8').decode(outcome.body, { stream: true });
  return { kind: 'response', status, latencyMs, bodyExcerpt, success: status >= 200 && status <= 299 };
}
