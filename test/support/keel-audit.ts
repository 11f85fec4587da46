import { randomBytes } from 'node:crypto';
import type { KeelClient, operations } from '@keel/sdk';
import { Answer, answerOf, bodyOf, Schema } from './keel-answers';
import { walkPages } from './keel-projects';

export type AuditEvent = Schema<'AuditEventResponse'>;
export type AuditQuery = NonNullable<operations['AuditEvents_list']['parameters']['query']>;

/** GET /v1/workspaces/{workspaceId}/audit-events with `query`, whatever it answers. */
export function auditPage(
  client: KeelClient,
  workspaceId: string,
  query: AuditQuery = {},
): Promise<Answer<Schema<'AuditEventListResponse'>>> {
  return answerOf(
    client.GET('/v1/workspaces/{workspaceId}/audit-events', { params: { path: { workspaceId }, query } }),
  );
}

/** Every event of the workspace's trail that matches `query`, newest first, following the cursor to the end. */
export async function auditTrail(
  client: KeelClient,
  workspaceId: string,
  query: AuditQuery = {},
): Promise<AuditEvent[]> {
  const pages = await walkPages(async (cursor) =>
    bodyOf(await auditPage(client, workspaceId, { ...query, cursor }), 200),
  );
  return pages.flat();
}

/** What a client sent with one request, and what came back, to compare with the event it should have left. */
export interface TracedRequest {
  /** The X-Request-Id the client sent. */
  requestId: string;
  userAgent: string;
  /** The X-Request-Id the response carried. */
  answeredRequestId: string | null;
  /** Epoch milliseconds just before the request was sent and just after its answer arrived. */
  sentAt: number;
  answeredAt: number;
}

/**
 * Sends one SDK call with an X-Request-Id and a User-Agent of its own (both
 * naming `label`, so a mix-up between events shows), and returns the answer
 * with what was sent and when.
 */
export async function traced<Data>(
  label: string,
  call: (headers: Record<string, string>) => Promise<Answer<Data>>,
): Promise<{ answer: Answer<Data>; request: TracedRequest }> {
  const tag = `${label}-${randomBytes(4).toString('hex')}`;
  const requestId = `audit-e2e:${tag}`;
  const userAgent = `keel-audit-e2e/1.0 (${tag})`;
  const sentAt = Date.now();
  const answer = await call({ 'x-request-id': requestId, 'user-agent': userAgent });
  const answeredAt = Date.now();
  return {
    answer,
    request: { requestId, userAgent, answeredRequestId: answer.headers.get('x-request-id'), sentAt, answeredAt },
  };
}

/** The events of `events` with this action and target id. */
export function eventsOf(events: AuditEvent[], action: string, targetId: string): AuditEvent[] {
  return events.filter((event) => event.action === action && event.target?.id === targetId);
}
