import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An append-only record of a security-relevant action. Workspace events carry
 * their workspace (and its row-level security); account events (sign-in,
 * password, sessions) belong to no workspace and are visible only to the
 * account they concern. The application role may insert and read, never
 * update or delete.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_workspace_time_idx', ['workspaceId', 'occurredAt', 'id'])
@Index('audit_events_subject_time_idx', ['subjectUserId', 'occurredAt'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  workspaceId: string | null;

  /** e.g. `auth.sign_in_failed`, `member.role_changed`. */
  @Column('text')
  action: string;

  /** `user`, `api-key`, or null when nobody was signed in (a failed sign-in). */
  @Column('text', { nullable: true })
  actorType: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** The account an account event concerns. */
  @Column('uuid', { nullable: true })
  subjectUserId: string | null;

  @Column('text', { nullable: true })
  targetType: string | null;

  @Column('text', { nullable: true })
  targetId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column('text', { nullable: true })
  clientAddress: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt: Date;
}
