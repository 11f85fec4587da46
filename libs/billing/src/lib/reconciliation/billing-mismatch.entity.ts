import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export const MISMATCH_TYPES = [
  'missing_at_provider',
  'missing_locally',
  'status_differs',
  'plan_differs',
  'amount_differs',
] as const;
export type MismatchType = (typeof MISMATCH_TYPES)[number];

export type MismatchStatus = 'open' | 'resolved' | 'superseded';

export const MISMATCH_ACTIONS = ['push_local', 'pull_provider', 'ignore'] as const;
export type MismatchAction = (typeof MISMATCH_ACTIONS)[number];

/** A difference a reconciliation found between Keel and the provider, with both sides' values. */
@Entity({ name: 'billing_mismatches' })
@Index('billing_mismatches_workspace_id_reconciliation_id_idx', ['workspaceId', 'reconciliationId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Reconciliation', ['workspaceId', 'reconciliationId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class BillingMismatch {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  reconciliationId: string;

  @Column('text')
  type: MismatchType;

  /** `subscription` or `invoice`. */
  @Column('text')
  object: 'subscription' | 'invoice';

  /** Keel's id of the object (null when Keel has none). */
  @Column('text', { nullable: true })
  localId: string | null;

  /** The provider's id of the object (null when the provider has none). */
  @Column('text', { nullable: true })
  providerId: string | null;

  /** Keel's side of what differs (null when Keel has no such object). */
  @Column('jsonb', { nullable: true })
  local: Record<string, unknown> | null;

  /** The provider's side (null when it has no such object). */
  @Column('jsonb', { nullable: true })
  providerValue: Record<string, unknown> | null;

  /** `open` until resolved; `superseded` when a later reconciliation of the workspace replaced it while still open. */
  @Column('text')
  status: MismatchStatus;

  @Column('text', { nullable: true })
  resolution: MismatchAction | null;

  @Column('text', { nullable: true })
  note: string | null;

  /** Who resolved it (`user:<id>`, `api-key:<id>`). */
  @Column('text', { nullable: true })
  resolvedBy: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
