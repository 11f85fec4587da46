import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { AutomationAction } from '../rules/automation-action';

/** `failed` and `cancelled` are where replay starts again; `cancelled` when the job carrying it was cancelled. */
export type RunActionStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

/** One action of a run: it takes effect at most once (its success is written with its effect). */
@Entity({ name: 'automation_run_actions' })
@Unique(['workspaceId', 'runId', 'actionIndex'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('AutomationRun', ['workspaceId', 'runId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class AutomationRunAction {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  runId: string;

  @Column('integer')
  actionIndex: number;

  @Column('text')
  type: string;

  /** The action as the rule said it when the run started, with what it resolved (e.g. the project id). */
  @Column('jsonb')
  input: AutomationAction & Record<string, unknown>;

  @Column('text')
  status: RunActionStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** The job run carrying the action (GET …/jobs/{jobId}). */
  @Column('uuid', { nullable: true })
  jobRunId: string | null;

  @Column('jsonb', { nullable: true })
  result: Record<string, unknown> | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
