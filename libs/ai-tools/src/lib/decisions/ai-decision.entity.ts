import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** `deny`: no rule permitted the call (deny by default), or a permission or a budget refused it. */
export type DecisionEffect = 'permit' | 'forbid' | 'require_approval' | 'deny';

export interface DecisionPrincipal {
  type: 'user' | 'api-key';
  id: string;
  /** The member's role key; null for an API key. */
  role: string | null;
}

/** One decision on one tool call: the policy's record. Inputs are kept only as their hash. */
@Entity({ name: 'ai_decisions' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AiDecision {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  executionId: string | null;

  @Column('integer', { nullable: true })
  step: number | null;

  @Column('text')
  tool: string;

  @Column('text')
  inputSha256: string;

  @Column('jsonb')
  principal: DecisionPrincipal;

  /** The policy version in force; null when the workspace has none (everything is denied). */
  @Column('integer', { nullable: true })
  policyVersion: number | null;

  @Column('text')
  effect: DecisionEffect;

  @Column('text', { array: true })
  matchedRules: string[];

  @Column('text')
  reason: string;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
