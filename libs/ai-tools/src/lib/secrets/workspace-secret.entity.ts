import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/**
 * A value the workspace keeps for its AI HTTP tools (an API token): sealed
 * under the master key (associated data: the secret's id), write-only — its
 * value is opened only to fill in a tool's request that names it.
 */
@Entity({ name: 'workspace_secrets' })
@Unique(['workspaceId', 'name'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class WorkspaceSecret {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Unique in the workspace; what tools name. */
  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  /** Sealed by SecretBox (see workspaceSecretAssociatedData). */
  @Column('text')
  valueSealed: string;

  /** 1 when created, one more at each replacement of the value. */
  @Column('integer')
  version: number;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  /** When a tool call last had the value filled in. */
  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;
}
