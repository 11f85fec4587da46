import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The tenant. Its id is the `workspace_id` of every row it owns. */
@Entity({ name: 'workspaces' })
export class Workspace {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Unique across Keel: lower-case letters, digits and dashes. */
  @Column('text', { unique: true })
  slug: string;

  /** Set by a platform admin (POST /v1/admin/workspaces/{id}/suspend): every request to the workspace answers 423. */
  @Column('timestamptz', { nullable: true })
  suspendedAt: Date | null;

  /** The reason the admin gave for the suspension or the scheduled deletion. */
  @Column('text', { nullable: true })
  holdReason: string | null;

  /** When a platform admin scheduled the workspace's deletion, the time it is removed; refused like a suspension until then. */
  @Column('timestamptz', { nullable: true })
  deletionDueAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  /** Its routes refuse a member's session without a second factor (403 MFA_REQUIRED); API keys are not affected. */
  @Column('boolean', { default: false })
  requireMfa: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
