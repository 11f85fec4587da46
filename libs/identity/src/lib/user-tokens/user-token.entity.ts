import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { UserTokenPurpose } from './user-token-purpose';

/**
 * A single-use token mailed to a user (a verification or a password reset
 * link), kept as its SHA-256 only: a copy of the database opens no link.
 * Global, like users; expired rows are purged by housekeeping.
 */
@Entity({ name: 'user_tokens' })
@Index('user_tokens_user_id_purpose_idx', ['userId', 'purpose'])
@Check('user_tokens_purpose_check', "purpose IN ('email_verification', 'password_reset')")
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

  @Column('timestamptz')
  expiresAt: Date;

  /** Set when the token is spent, or when a newer token of its purpose replaced it. */
  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
