import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type WaiverStatus = 'pending' | 'approved' | 'rejected';

/** A request to let one criterion of a gate fail for one release, until `expiresAt`; decided by someone else. */
@Entity({ name: 'gate_waivers' })
@Index(['workspaceId', 'releaseId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Release', ['workspaceId', 'releaseId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
@ForeignKey('Gate', ['workspaceId', 'gateId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class GateWaiver {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  releaseId: string;

  @Column('uuid')
  gateId: string;

  /** The key of the criterion it waives. */
  @Column('text')
  criterion: string;

  @Column('text')
  reason: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('text')
  status: WaiverStatus;

  @Column('text', { nullable: true })
  requestedByType: string | null;

  @Column('uuid', { nullable: true })
  requestedById: string | null;

  @Column('text', { nullable: true })
  decidedByType: string | null;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
