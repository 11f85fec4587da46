import { DomainEvent } from '../domain-event';

/**
 * Something that acts on domain events, at least once per event and with
 * effect exactly once: `handle` runs inside the event workspace's tenant
 * transaction, after the (consumer, event) pair was claimed in that same
 * transaction, so a repeat delivery finds the claim and does nothing.
 */
export interface EventConsumer {
  /** Stable: it names the consumer's queue and its delivery records. e.g. `automation.rules`. */
  name: string;
  /** The event types it receives, or `*` for all. */
  eventTypes: readonly string[] | '*';
  handle(event: DomainEvent): Promise<void>;
  /** Attempts after the first; the backoff doubles from 2 s with jitter. Default 5. */
  retryLimit?: number;
  /** How long one attempt may hold the job before it counts as lost (a dead worker) and is retried. Default 30 s. */
  expireInSeconds?: number;
}

/** The pg-boss queue of a consumer. */
export function consumerQueue(consumer: string): string {
  return `event.${consumer}`;
}

/** Where deliveries that failed their last attempt (or were lost on it) go. */
export const DEAD_LETTER_QUEUE = 'event.dead-letter';

/** What a consumer's job carries. */
export interface EventDeliveryJob {
  consumer: string;
  event: DomainEvent;
}
