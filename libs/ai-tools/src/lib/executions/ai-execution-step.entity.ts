import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * `succeeded`: the tool ran; `failed`: it refused (its problem in `error`);
 * `denied`: the policy, a permission or a budget said no; `invalid`: an unknown
 * tool or arguments that do not match its input schema; `awaiting_approval`.
 */
export type StepOutcome = 'succeeded' | 'failed' | 'denied' | 'invalid' | 'awaiting_approval';

/** The error a tool call answers with, as the client (or the model) receives it. */
export interface ToolCallError {
  code: string;
  reason: string;
  decisionId: string | null;
  [detail: string]: unknown;
}

/** One tool call of an execution: written once, with its effect, by (execution, step). */
@Entity({ name: 'ai_execution_steps' })
@Index('ai_execution_steps_workspace_id_created_at_idx', ['workspaceId', 'createdAt'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
@ForeignKey('AiExecution', ['workspaceId', 'executionId'], ['workspaceId', 'id'], { onDelete: 'CASCADE' })
export class AiExecutionStep {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  executionId: string;

  /** 1 for the first call. */
  @PrimaryColumn('integer')
  step: number;

  /** `tool_call`, or `model_turn` (prompt mode: one answer of the model). */
  @Column('text')
  kind: string;

  /** Null for a model turn. */
  @Column('text', { nullable: true })
  tool: string | null;

  @Column('text', { nullable: true })
  toolVersion: string | null;

  @Column('jsonb', { nullable: true })
  input: unknown;

  /** sha256 of the canonical JSON of the input. */
  @Column('text')
  inputSha256: string;

  @Column('uuid', { nullable: true })
  decisionId: string | null;

  @Column('text')
  outcome: StepOutcome;

  @Column('jsonb', { nullable: true })
  result: unknown;

  @Column('jsonb', { nullable: true })
  error: ToolCallError | null;

  /** 1 when a tool that is not read-only ran: what the write budgets count. */
  @Column('integer', { default: 0 })
  writes: number;

  @Column('integer', { default: 0 })
  destructive: number;

  /** The tool's cost in budget units, when it ran. */
  @Column('integer', { default: 0 })
  units: number;

  @Column('integer', { default: 0 })
  latencyMs: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** Prompt mode: the provider's id of the tool call (the model's answer names it). */
  @Column('text', { nullable: true })
  callId?: string | null;

  /** A model turn's tokens: sent to the model, and answered. */
  @Column('integer', { nullable: true })
  tokensIn?: number | null;

  @Column('integer', { nullable: true })
  tokensOut?: number | null;

  /** Prompt mode: how many values of each kind the guardrails replaced in what this step sent or answered. */
  @Column('jsonb', { default: () => "'{}'" })
  redactions?: Record<string, number>;

  /** Prompt mode: `instruction_like` when a tool result read like instructions to the model (and was wrapped as data). */
  @Column('text', { array: true, default: () => "'{}'" })
  flags?: string[];
}
