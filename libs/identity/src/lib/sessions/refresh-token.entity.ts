import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a session, stored as its SHA-256 only. Once spent it
 * keeps its successor, sealed under a key derived from the spent token
 * itself, so only a client that still holds that token can be handed the
 * same successor again (during the retry window).
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_session_id_idx', ['sessionId'])
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('Session', { onDelete: 'CASCADE' })
  sessionId: string;

  @Column('text', { unique: true })
  tokenHash: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  spentAt: Date | null;

  @Column('uuid', { nullable: true })
  successorId: string | null;

  @Column('text', { nullable: true })
  successorSealed: string | null;
}
