import type { WebhookDeliveryOutcome, WebhookFailureOutcome } from '../outbound';

/** `success` (2xx), `http-error` (any other status), or why no response came: `timeout`, `network-error`, `refused`. */
export type WebhookAttemptOutcome = 'success' | 'http-error' | WebhookFailureOutcome['kind'];

export function attemptOutcome(outcome: WebhookDeliveryOutcome): WebhookAttemptOutcome {
  if (outcome.kind !== 'response') return outcome.kind;
  return outcome.success ? 'success' : 'http-error';
}
