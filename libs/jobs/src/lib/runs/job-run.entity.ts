import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type JobRunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

export const FINISHED_STATUSES: readonly JobRunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * One run of a job, as the user sees it: `queued → running → succeeded |
 * failed | cancelled`, `retrying` between attempts. The pg-boss job that
 * carries it is an implementation detail; this row is the ledger.
 */
@Entity({ name: 'job_runs' })
@Index(['workspaceId', 'status', 'id'])
@Index('job_runs_running_heartbeat_idx', ['heartbeatAt'], { where: "status = 'running'" })
@Index('job_runs_finished_at_idx', ['finishedAt'], { where: 'finished_at IS NOT NULL' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class JobRun {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** The handler's type, e.g. `automation.action`. */
  @Column('text')
  type: string;

  @Column('text')
  status: JobRunStatus;

  @Column('jsonb', { default: () => "'{}'" })
  input: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  result: Record<string, unknown> | null;

  /** What the handler saved to resume from after a crash or a retry. */
  @Column('jsonb', { nullable: true })
  checkpoint: Record<string, unknown> | null;

  /** 0 to 100. */
  @Column('integer', { default: 0 })
  progress: number;

  @Column('text', { nullable: true })
  progressMessage: string | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer')
  maxAttempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('integer')
  timeoutSeconds: number;

  /** The pg-boss job of the current attempt. */
  @Column('uuid', { nullable: true })
  queueJobId: string | null;

  @Column('text', { nullable: true })
  startedByType: string | null;

  @Column('uuid', { nullable: true })
  startedById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  /** Refreshed by the worker holding the run; a stale one means the worker died. */
  @Column('timestamptz', { nullable: true })
  heartbeatAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelRequestedAt: Date | null;

  /** When the worker stopped the run for the cancel (or found it queued and never started it). */
  @Column('timestamptz', { nullable: true })
  cancelAcknowledgedAt: Date | null;
}
