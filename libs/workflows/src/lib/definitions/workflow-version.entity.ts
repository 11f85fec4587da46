import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import type { WorkflowState, WorkflowTransition } from './workflow-definition';

export type WorkflowVersionStatus = 'draft' | 'active' | 'retired';

/**
 * One version of a workspace's workflow. Drafts are written once and
 * published at most once; the one `active` version is what projects run on,
 * and a published version never changes again (its content hash says so).
 */
@Entity({ name: 'workflow_versions' })
@Unique(['workspaceId', 'number'])
@Index('workflow_versions_one_active_idx', ['workspaceId'], { unique: true, where: "status = 'active'" })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class WorkflowVersion {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** 1, 2, 3… in the order versions were drafted; projects name the version they run on by it. */
  @Column('integer')
  number: number;

  @Column('text')
  status: WorkflowVersionStatus;

  @Column('jsonb')
  states: WorkflowState[];

  @Column('jsonb')
  transitions: WorkflowTransition[];

  @Column('text')
  initialState: string;

  /** `sha256:<hex>` of the canonical definition. */
  @Column('text')
  contentHash: string;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;
}
