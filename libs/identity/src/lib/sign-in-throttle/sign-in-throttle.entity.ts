import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted per account and per client address. The key is a
 * SHA-256 (`account:<email>` or `address:<ip>`), so no email that was merely
 * tried is stored in clear. Rows expire an hour after the last failure.
 */
@Entity({ name: 'sign_in_throttles' })
@Index('sign_in_throttles_expires_at_idx', ['expiresAt'])
export class SignInThrottleEntry {
  @PrimaryColumn('text')
  keyHash: string;

  @Column('integer')
  failures: number;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('timestamptz')
  expiresAt: Date;
}
