import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type JobRunEventKind = 'status' | 'progress' | 'checkpoint' | 'error' | 'cancel_requested';

/** One entry of a run's trail: a status change, progress, a checkpoint, an error, a cancel request. */
@Entity({ name: 'job_run_events' })
@Index(['workspaceId', 'jobRunId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('JobRun', ['workspaceId', 'jobRunId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class JobRunEvent {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobRunId: string;

  @Column('text')
  kind: JobRunEventKind;

  @Column('text', { nullable: true })
  status: string | null;

  @Column('integer', { nullable: true })
  progress: number | null;

  @Column('text', { nullable: true })
  message: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt: Date;
}
