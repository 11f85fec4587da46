/** A domain event as subscribers receive it (and as NATS and webhooks carry it). */
export interface DomainEvent<TData extends object = Record<string, unknown>> {
  /** UUIDv7; consumers deduplicate on it. */
  id: string;
  workspaceId: string;
  type: string;
  version: number;
  /** ISO-8601 UTC. */
  occurredAt: string;
  actor: { type: string; id: string } | null;
  data: TData;
  traceparent: string | null;
  /** The event whose handling caused this one. */
  causationId: string | null;
  /** 0 for a change a person or key made; one more per automation hop. */
  depth: number;
}
