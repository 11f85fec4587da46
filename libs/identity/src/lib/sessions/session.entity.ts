import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { AssuranceLevel } from './assurance';

/**
 * A signed-in device: one refresh-token family. Revoking it ends every token
 * of the family, and its access tokens stop working within seconds.
 */
@Entity({ name: 'sessions' })
@Index('sessions_user_id_idx', ['userId'])
@Check('sessions_aal_check', "aal IN ('aal1', 'aal2')")
export class Session {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  userId: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastUsedAt: Date;

  /** Sliding: each refresh moves it SESSION_TTL_DAYS ahead. */
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  /** Why it ended: logout, revoked, password_changed, password_reset, refresh_token_reused, account_deleted. */
  @Column('text', { nullable: true })
  revokedReason: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  clientAddress: string | null;

  /** How its user proved who they are: `aal1` (a password or one provider), `aal2` (and a second factor). */
  @Column('text', { default: 'aal1' })
  aal: AssuranceLevel;

  /** The methods used (RFC 8176 names: `pwd`, `otp`, `mfa`), copied into its access tokens' `amr` claim. */
  @Column('text', { array: true, default: () => "'{pwd}'" })
  amr: string[];

  /** When its user last proved who they are (sign-in or step-up): its access tokens' `auth_time`. */
  @Column('timestamptz', { default: () => 'now()' })
  authenticatedAt: Date;
}
