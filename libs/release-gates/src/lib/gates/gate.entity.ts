import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A release gate: a named set of criteria, versioned. The criteria live in
 * gate versions (immutable); the gate holds its name, where it is required
 * and which version is current. A deleted gate is kept (`deletedAt`) so the
 * evaluations and promotions that read it still name it.
 */
@Entity({ name: 'gates' })
@Index('gates_workspace_id_key_idx', ['workspaceId', 'key'], { unique: true, where: 'deleted_at IS NULL' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class Gate {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  key: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** The built-in template (S00–S11) it was made from, if any. */
  @Column('text', { nullable: true })
  fromTemplate: string | null;

  /** The stages (`staging`, `production`…) a release may only be promoted to when this gate passes. */
  @Column('jsonb')
  requiredFor: string[];

  /** A `warn` verdict is good enough to promote. */
  @Column('boolean', { default: false })
  allowWarn: boolean;

  /** The current version of the criteria. */
  @Column('integer')
  version: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;
}
