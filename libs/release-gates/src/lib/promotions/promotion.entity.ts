import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** What a promotion decision read of one required gate, and whether it was met. */
export interface PromotionGateCheck {
  gateId: string;
  key: string;
  version: number;
  contentHash: string;
  evaluationId: string | null;
  verdict: string | null;
  met: boolean;
  reason: string;
}

/** A decision on promoting a release to a stage, allowed or denied, with every gate it read. */
@Entity({ name: 'release_promotions' })
@Index(['workspaceId', 'releaseId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Release', ['workspaceId', 'releaseId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class ReleasePromotion {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  releaseId: string;

  @Column('text')
  stage: string;

  @Column('boolean')
  allowed: boolean;

  @Column('jsonb')
  gates: PromotionGateCheck[];

  @Column('text', { nullable: true })
  decidedByType: string | null;

  @Column('uuid', { nullable: true })
  decidedById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
