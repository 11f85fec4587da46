import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * An invitation of an email address into a workspace with a role. The token
 * is stored as its SHA-256; a new token (resend) replaces the hash, so the
 * old one is dead. The role is named by key without a foreign key: a used,
 * revoked or expired invite is history and must not keep a role from being
 * deleted; a pending invite does (RolesService), and accepting or resending
 * checks that the role still exists.
 */
@Entity({ name: 'invites' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
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
