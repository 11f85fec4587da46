import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { CriterionResult, Verdict } from './evaluation-rules';

/** A release measured against one version of a gate: the verdict, each criterion's outcome, and its signature. */
@Entity({ name: 'gate_evaluations' })
@Index(['workspaceId', 'releaseId', 'id'])
@Index(['workspaceId', 'gateId', 'id'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('Release', ['workspaceId', 'releaseId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
@ForeignKey('Gate', ['workspaceId', 'gateId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class GateEvaluation {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  releaseId: string;

  @Column('uuid')
  gateId: string;

  @Column('text')
  gateKey: string;

  @Column('integer')
  gateVersion: number;

  @Column('text')
  contentHash: string;

  @Column('text', { nullable: true })
  platform: string | null;

  @Column('text')
  verdict: Verdict;

  @Column('numeric', { precision: 5, scale: 2, transformer: { to: (value: number) => value, from: Number } })
  score: number;

  @Column('jsonb')
  criteria: CriterionResult[];

  /** The newest evidence item of the release when it was evaluated: evidence after it is "newer" for promotions. */
  @Column('uuid', { nullable: true })
  evidenceWatermark: string | null;

  /** Compact JWS (EdDSA) over the evaluation as the API shows it, without this field. */
  @Column('text')
  signature: string;

  @Column('text', { nullable: true })
  evaluatedByType: string | null;

  @Column('uuid', { nullable: true })
  evaluatedById: string | null;

  @Column('timestamptz')
  evaluatedAt: Date;
}
