import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of the platform audit log: what a platform admin (or the command
 * line) did, to what, why, from where. Global (no workspace): it spans them.
 * Append-only.
 */
@Entity({ name: 'platform_audit_events' })
@Index('platform_audit_events_occurred_at_idx', ['occurredAt'])
@Index('platform_audit_events_target_id_idx', ['targetId'])
export class PlatformAuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  /** e.g. `platform_admin.granted`, `workspaces.list`, `workspace.suspend`. */
  @Column('text')
  action: string;

  /** `user` (a platform admin) or `cli` (a command run on the server). */
  @Column('text', { nullable: true })
  actorType: string | null;

  /** The admin's user id, or the operating-system user who ran the command. */
  @Column('text', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  targetType: string | null;

  @Column('text', { nullable: true })
  targetId: string | null;

  /** The reason the admin gave, where the route asks for one. */
  @Column('text', { nullable: true })
  reason: string | null;

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
