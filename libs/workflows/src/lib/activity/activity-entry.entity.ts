import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One change in a workspace's projects, written in the transaction of the
 * change: who did what to which object, from which request. Append-only.
 */
@Entity({ name: 'activity_entries' })
@Index(['workspaceId', 'projectId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Project', ['workspaceId', 'projectId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class ActivityEntry {
  @PrimaryColumn('uuid')
  workspaceId: string;

  /** UUIDv7: the feed's order. */
  @PrimaryColumn('uuid')
  id: string;

  /** The project the change concerns, when it concerns one. */
  @Column('uuid', { nullable: true })
  projectId: string | null;

  /** e.g. `project.transitioned`, `comment.created`. */
  @Column('text')
  action: string;

  /** `user` or `api-key`; null for a change nobody made directly. */
  @Column('text', { nullable: true })
  actorType: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  targetType: string;

  @Column('uuid')
  targetId: string;

  /** The details: a field-by-field diff, from and to states, the comment. */
  @Column('jsonb', { default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text', { nullable: true })
  clientAddress: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt: Date;
}
