import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** One of a user's ten single-use recovery codes, kept as its SHA-256 only (each is 80 random bits). */
@Entity({ name: 'mfa_recovery_codes' })
@Index('mfa_recovery_codes_user_id_idx', ['userId'])
export class RecoveryCode {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  /** Declared so the schema check knows the foreign key; codes die with their user. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('text', { unique: true })
  codeHash: string;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
