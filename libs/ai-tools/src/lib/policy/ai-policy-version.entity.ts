import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { GuardrailSettings } from '../guardrails/guardrail-settings';
import type { PolicyBudgets, PolicyRule } from './policy-document';

/** One version of a workspace's AI policy; the newest is in force. Never changed once written. */
@Entity({ name: 'ai_policy_versions' })
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AiPolicyVersion {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('integer')
  version: number;

  @Column('jsonb')
  rules: PolicyRule[];

  @Column('jsonb')
  budgets: PolicyBudgets;

  /** What is redacted before a provider sees it; `{}`: every kind. */
  @Column('jsonb', { default: () => "'{}'" })
  guardrails: GuardrailSettings;

  /** sha256 of the canonical JSON of `{rules, budgets}`, and `guardrails` when the policy sets them. */
  @Column('text')
  contentHash: string;

  @Column('text', { nullable: true })
  createdByType: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
