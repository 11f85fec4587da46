import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number';

/**
 * An append-only record of a security-relevant action in a workspace, under
 * its row-level security. Account events (sign-in, password, sessions) are
 * kept apart, keyed by user (AccountAuditEvent). The application role may
 * insert and read, never update or delete.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_chain_key', ['workspaceId', 'seq'], { unique: true })
@Index('audit_events_workspace_time_idx', ['workspaceId', 'occurredAt', 'id'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** e.g. `auth.sign_in_failed`, `member.role_changed`. */
  @Column('text')
  action: string;

  /** `user`, `api-key`, or null when nobody was signed in (a failed sign-in). */
  @Column('text', { nullable: true })
  actorType: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

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
  /** Position in the chain (1, 2, …): the workspace's or the account's trail, in the order the rows were written. */
  @Column('bigint', { transformer: bigintNumber })
  seq: number;

  /** The hash of the row before this one in the chain (AUDIT_CHAIN_GENESIS for the first). */
  @Column('text')
  prevHash: string;

  /** SHA-256 (hex) of this row's canonical form, which includes prevHash (audit-chain.ts). */
  @Column('text')
  hash: string;
}
