import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { UserTokenPurpose } from './user-token-purpose';

/**
 * A single-use token mailed to a user (a verification, password reset or
 * email change link), kept as its SHA-256 only: a copy of the database opens no link.
 * Global, like users; expired rows are purged by housekeeping.
 */
@Entity({ name: 'user_tokens' })
@Index('user_tokens_user_id_purpose_idx', ['userId', 'purpose'])
@Check(
  'user_tokens_purpose_check',
  "purpose IN ('email_verification', 'password_reset', 'email_change', 'mfa_sign_in', 'oidc_sign_in', 'oidc_mfa_sign_in')",
)
@Check('user_tokens_email_check', "(purpose = 'email_change') = (email IS NOT NULL)")
export class UserToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  /** Declared so the schema check knows the foreign key; tokens die with their user. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text')
  purpose: UserTokenPurpose;

  @Column('text', { unique: true })
  tokenHash: string;

  /** The new address an `email_change` token was mailed to, set on the account once the link is followed; null for other purposes. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('timestamptz')
  expiresAt: Date;

  /** Set when the token is spent, or when a newer token of its purpose replaced it. */
  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
