import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A domain event, written in the same transaction as the change it reports:
 * if that transaction rolls back, the event never existed. The relay takes
 * rows with `relayed_at` still null, in id order (UUIDv7: commit-time order
 * within a process), hands them to their subscribers and stamps the row;
 * when NATS is configured it also marks the row `nats_pending`, and the
 * JetStream relay publishes it and stamps `published_to_nats_at` — on its
 * own, so a NATS outage holds back only JetStream.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unrelayed_idx', ['id'], { where: 'relayed_at IS NULL' })
@Index('outbox_nats_pending_idx', ['id'], { where: 'nats_pending' })
@Index('outbox_workspace_id_type_id_idx', ['workspaceId', 'type', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class OutboxEvent {
  @PrimaryColumn('uuid')
  workspaceId: string;

  /** The event id (UUIDv7); consumers deduplicate on it. */
  @PrimaryColumn('uuid')
  id: string;

  /** e.g. `project.transitioned`. */
  @Column('text')
  type: string;

  /** The version of the type's data schema. */
  @Column('integer')
  version: number;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt: Date;

  /** `user` or `api-key`; null for work nobody started (a schedule, the relay). */
  @Column('text', { nullable: true })
  actorType: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data: Record<string, unknown>;

  /** W3C `traceparent` of the work that published the event (a request, a consumer's handling); consumers continue it. */
  @Column('text', { nullable: true })
  traceparent: string | null;

  /** The event whose handling caused this one (an automation's action), if any. */
  @Column('uuid', { nullable: true })
  causationId: string | null;

  /** 0 for a person's or a key's change; one more than its cause for an event caused by automation. */
  @Column('integer', { default: 0 })
  depth: number;

  /** When the relay handed it to its consumers (the queue). */
  @Column('timestamptz', { nullable: true })
  relayedAt: Date | null;

  /** Handed to the queue by a relay with NATS configured, and not yet acknowledged by JetStream. */
  @Column('boolean', { default: false })
  natsPending: boolean;

  /** When JetStream acknowledged it; null when it is pending or NATS was not configured. */
  @Column('timestamptz', { nullable: true })
  publishedToNatsAt: Date | null;
}
