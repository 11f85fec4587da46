import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number';

/** The user id of the trail of events that concern no account: a failed sign-in for an address without one. */
export const NO_ACCOUNT_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * An append-only record of something that happened to an account (sign-ins and
 * failed ones, password and MFA changes, impersonations of it, …), keyed by the
 * account it concerns and visible only to that account. Events that concern no
 * account are kept under NO_ACCOUNT_USER_ID. The application role may insert
 * and read, never update or delete.
 */
@Entity({ name: 'account_audit_events' })
@Index('account_audit_events_chain_key', ['userId', 'seq'], { unique: true })
export class AccountAuditEvent {
  /** The account the event concerns (NO_ACCOUNT_USER_ID for none). */
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** e.g. `auth.sign_in_failed`, `auth.password_changed`. */
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
