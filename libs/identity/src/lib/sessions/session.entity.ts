import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-in device: one refresh-token family. Revoking it ends every token
 * of the family, and its access tokens stop working within seconds.
 */
@Entity({ name: 'sessions' })
@Index('sessions_user_id_idx', ['userId'])
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
}
