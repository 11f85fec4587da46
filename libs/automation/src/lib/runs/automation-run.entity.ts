import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/** Settled from its actions: `failed` when one failed, else `cancelled` when one was cancelled, else `succeeded`. */
export type AutomationRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';

/** A rule firing on one event: at most one per (rule, event). */
@Entity({ name: 'automation_runs' })
@Unique(['workspaceId', 'ruleId', 'eventId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('AutomationRule', ['workspaceId', 'ruleId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class AutomationRun {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  ruleId: string;

  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  @Column('integer')
  eventDepth: number;

  @Column('text')
  status: AutomationRunStatus;

  /** Why no action ran, e.g. loop protection. */
  @Column('text', { nullable: true })
  skippedReason: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
