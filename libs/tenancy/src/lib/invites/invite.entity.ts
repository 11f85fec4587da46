import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * An invitation of an email address into a workspace with a role. The token
 * is stored as its SHA-256; a new token (resend) replaces the hash, so the
 * old one is dead.
 */
@Entity({ name: 'invites' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Role', ['workspaceId', 'roleKey'], ['workspaceId', 'key'])
export class Invite {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  emailKey: string;

  @Column('text')
  roleKey: string;

  @Column('text', { unique: true })
  tokenHash: string;

  @Column('uuid', { nullable: true })
  invitedBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { nullable: true })
  acceptedBy: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
