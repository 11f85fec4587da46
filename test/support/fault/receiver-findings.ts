import type { Found } from './fault-ledger';
import type { ReceivedWebhook, WebhookReceiver } from '../webhook-receiver';

export interface ReceiverFindings {
  requests: number;
  verified: number;
  /** Requests whose signature did not verify (answered 401). */
  unverified: number;
  /** Distinct webhook-ids among the verified requests: the messages (deliveries) that arrived. */
  distinctIds: number;
  /** Verified requests beyond the first per webhook-id: the same message sent again (allowed). */
  wireDuplicates: number;
  /** Events that never reached the receiver in the body of a verified request. */
  lost: Found<string>;
  /**
   * Verified requests whose body is none of the run's events, or whose
   * webhook-id arrived before with another event: a message id must name one
   * message, or a receiver deduplicating on it would drop a real one.
   */
  strangers: Found<string>;
}

function header(request: ReceivedWebhook, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** All requests the receiver took on `paths`. */
export function receivedOn(receiver: WebhookReceiver, paths: string[]): ReceivedWebhook[] {
  return paths.flatMap((path) => receiver.received(path));
}

/**
 * Compares what reached the receiver with the events that should have: one
 * verified request per event at least. The webhook-id is the delivery's (one
 * per message, the same on its retries), the event is the body: duplicates are
 * counted by the one, what was lost by the other.
 */
export function receiverFindings(received: ReceivedWebhook[], eventIds: string[]): ReceiverFindings {
  const verified = received.filter((request) => request.verified);
  const eventOfMessage = new Map<string, string>();
  const seenEvents = new Set<string>();
  const strangers: string[] = [];
  const expected = new Set(eventIds);
  for (const request of verified) {
    const id = header(request, 'webhook-id') ?? '(none)';
    const eventId = String(request.payload?.['id'] ?? '(none)');
    const earlier = eventOfMessage.get(id);
    if (earlier === undefined) eventOfMessage.set(id, eventId);
    else if (earlier !== eventId) strangers.push(`${id} (${earlier}, then ${eventId})`);
    if (expected.has(eventId)) seenEvents.add(eventId);
    else strangers.push(`${id} (${eventId})`);
  }
  const lost = eventIds.filter((id) => !seenEvents.has(id));
  return {
    requests: received.length,
    verified: verified.length,
    unverified: received.length - verified.length,
    distinctIds: eventOfMessage.size,
    wireDuplicates: verified.length - eventOfMessage.size,
    lost: { count: lost.length, examples: lost.slice(0, 10) },
    strangers: { count: strangers.length, examples: strangers.slice(0, 10) },
  };
}
