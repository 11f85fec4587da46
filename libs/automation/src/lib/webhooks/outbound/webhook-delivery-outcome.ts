/** The receiver answered: whatever the status, this is what it said. */
export interface WebhookResponseOutcome {
  readonly kind: 'response';
  readonly status: number;
  /** From the start of the attempt until the excerpt was read (or the response ended). */
  readonly latencyMs: number;
  /** The start of the response body as text, for the delivery record; never the whole body. */
  readonly bodyExcerpt: string;
  /** 2xx only: Standard Webhooks counts a redirect as a failure, and redirects are not followed. */
  readonly success: boolean;
}

/**
 * No answer: `refused` (the URL or its resolved address is not allowed; no packet
 * was sent), `timeout` (the attempt outlived its limit), or `network-error`
 * (DNS, connection refused or reset, TLS, a malformed response).
 */
export interface WebhookFailureOutcome {
  readonly kind: 'refused' | 'timeout' | 'network-error';
  readonly error: string;
  readonly latencyMs: number;
}

/** The result of one delivery attempt: a remote's failure is data, never a thrown exception. */
export type WebhookDeliveryOutcome = WebhookResponseOutcome | WebhookFailureOutcome;
