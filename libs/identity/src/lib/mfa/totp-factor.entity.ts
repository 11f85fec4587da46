import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A user's authenticator app (RFC 6238 TOTP). Pending until a first code
 * confirms it; its secret is sealed under the master key, bound to the user.
 */
@Entity({ name: 'mfa_totp_factors' })
export class TotpFactor {
  @PrimaryColumn('uuid')
  userId: string;

  /** Declared so the schema check knows the foreign key; the factor dies with its user. */
  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text')
  secretSealed: string;

  /** Null while enrolment waits for its first code. */
  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  /** The last 30-second step a code was accepted for: a code is good once, not again within its window. */
  @Column('bigint', { nullable: true })
  lastUsedStep: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
