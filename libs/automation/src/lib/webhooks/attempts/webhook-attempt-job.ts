/** The pg-boss queue of webhook delivery attempts: one job per attempt. */
export const WEBHOOK_ATTEMPT_QUEUE = 'webhook.attempt';

/**
 * One attempt of one delivery. A job whose `attempt` is not the delivery's
 * next attempt (attemptCount + 1) does nothing, so a job run twice (pg-boss
 * retrying one whose worker died) makes its attempt at most once more and
 * records it once.
 */
export interface WebhookAttemptJob {
  workspaceId: string;
  deliveryId: string;
  attempt: number;
  /** Asked for through the retry route. */
  manual?: boolean;
}
