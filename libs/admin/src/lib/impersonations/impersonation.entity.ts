import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A platform admin acting as a user until `expiresAt` (or `endedAt`), and
 * why. Its id is the id of the session its token speaks through. Global (no
 * workspace).
 */
@Entity({ name: 'impersonations' })
@Index('impersonations_user_id_idx', ['userId'])
@Index('impersonations_admin_user_id_idx', ['adminUserId'])
export class Impersonation {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  adminUserId: string;

  @Column('uuid')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  userId: string;

  @Column('text')
  reason: string;

  @Column('timestamptz', { default: () => 'now()' })
  startedAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;
}
