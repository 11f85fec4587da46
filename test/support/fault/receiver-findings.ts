import type { Found } from './fault-ledger';
import type { ReceivedWebhook, WebhookReceiver } from '../webhook-receiver';

export interface ReceiverFindings {
  requests: number;
  verified: number;
  /** Requests whose signature did not verify (answered 401). */
  unverified: number;
  /** Distinct webhook-ids among the verified requests. */
  distinctIds: number;
  /** Verified requests beyond the first per webhook-id: the same message sent again (allowed). */
  wireDuplicates: number;
  /** Events that never reached the receiver with a verified request. */
  lost: Found<string>;
  /** Verified requests whose webhook-id is none of the run's events, or whose body is another event. */
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

/** Compares what reached the receiver with the events that should have: one verified request per event at least. */
export function receiverFindings(received: ReceivedWebhook[], eventIds: string[]): ReceiverFindings {
  const verified = received.filter((request) => request.verified);
  const ids = new Set<string>();
  const strangers: string[] = [];
  const expected = new Set(eventIds);
  for (const request of verified) {
    const id = header(request, 'webhook-id') ?? '(none)';
    ids.add(id);
    if (!expected.has(id) || request.payload?.['id'] !== id) strangers.push(id);
  }
  const lost = eventIds.filter((id) => !ids.has(id));
  return {
    requests: received.length,
    verified: verified.length,
    unverified: received.length - verified.length,
    distinctIds: ids.size,
    wireDuplicates: verified.length - ids.size,
    lost: { count: lost.length, examples: lost.slice(0, 10) },
    strangers: { count: strangers.length, examples: strangers.slice(0, 10) },
  };
}
