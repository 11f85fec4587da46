import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A project of a workspace, in one state of the workflow version it runs on.
 * `version` counts its changes: a write names the version it read, and a
 * stale one is refused (optimistic concurrency).
 */
@Entity({ name: 'projects' })
@Unique(['workspaceId', 'key'])
@Index(['workspaceId', 'createdAt', 'id'])
@Index(['workspaceId', 'updatedAt', 'id'])
@Index(['workspaceId', 'name', 'id'])
@Index(['workspaceId', 'state'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('WorkflowVersion', ['workspaceId', 'workflowVersion'], ['workspaceId', 'number'])
export class Project {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** 2 to 10 capital letters or digits, starting with a letter; unique in the workspace. */
  @Column('text')
  key: string;

  @Column('text')
  name: string;

  /** Markdown. */
  @Column('text', { default: '' })
  description: string;

  /** A state name of the workflow version `workflowVersion`. */
  @Column('text')
  state: string;

  @Column('text')
  stateCategory: string;

  @Column('integer')
  workflowVersion: number;

  @Column('integer', { default: 1 })
  version: number;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;
}
