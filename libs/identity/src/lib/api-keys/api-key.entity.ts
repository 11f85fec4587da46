import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * A workspace's API key, stored as the SHA-256 of the key only. A tenant row:
 * visible inside its workspace's transactions, and otherwise only to a caller
 * who holds the key (the `app.api_key_hash` policy), which is how a request
 * bearing it is authenticated before its workspace is known.
 */
@Entity({ name: 'api_keys' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class ApiKey {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The first characters of the key (`keel_live_AbCd`), enough to recognise it in a list. */
  @Column('text')
  prefix: string;

  @Column('text', { unique: true })
  secretHash: string;

  @Column('text', { array: true })
  scopes: string[];

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
