import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { Criterion } from './criterion';

/** One version of a gate's criteria: written once, never changed; `contentHash` names its content. */
@Entity({ name: 'gate_versions' })
@Unique(['workspaceId', 'gateId', 'version'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Gate', ['workspaceId', 'gateId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class GateVersion {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  gateId: string;

  @Column('integer')
  version: number;

  @Column('jsonb')
  criteria: Criterion[];

  /** `sha256:<hex>` of the canonical JSON of `criteria`. */
  @Column('text')
  contentHash: string;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
