import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** One comparison of a workspace's subscription and invoices with the provider's. */
@Entity({ name: 'billing_reconciliations' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Reconciliation {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  provider: string;

  /** `job` (the daily job run) or `cli` (`main.js billing:reconcile`). */
  @Column('text')
  trigger: string;

  /** The job run that did it, for `job`. */
  @Column('uuid', { nullable: true })
  jobRunId: string | null;

  /** How many mismatches it found. */
  @Column('integer')
  mismatches: number;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz')
  finishedAt: Date;
}
