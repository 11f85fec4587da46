import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A domain event, written in the same transaction as the change it reports:
 * if that transaction rolls back, the event never existed. The relay takes
 * rows with `relayed_at` still null, in id order (UUIDv7: commit-time order
 * within a process), hands them to their subscribers and stamps the row.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unrelayed_idx', ['id'], { where: 'relayed_at IS NULL' })
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

  /** W3C `traceparent` of the request that caused the event, so consumers continue its trace. */
  @Column('text', { nullable: true })
  traceparent: string | null;

  /** The event whose handling caused this one (an automation's action), if any. */
  @Column('uuid', { nullable: true })
  causationId: string | null;

  /** 0 for a person's or a key's change; one more than its cause for an event caused by automation. */
  @Column('integer', { default: 0 })
  depth: number;

  @Column('timestamptz', { nullable: true })
  relayedAt: Date | null;
}
