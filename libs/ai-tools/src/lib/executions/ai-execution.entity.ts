import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type AiExecutionMode = 'calls' | 'prompt';
/** `awaiting_approval` when a call waits for someone to approve it; the calls after it have not run. */
export type AiExecutionStatus = 'running' | 'succeeded' | 'awaiting_approval' | 'failed' | 'cancelled';

/** A run of tool calls on behalf of one caller. */
@Entity({ name: 'ai_executions' })
@Index('ai_executions_workspace_id_thread_id_idx', ['workspaceId', 'threadId'])
@ForeignKey('Workspace', ['workspaceId'], ['id'], { onDelete: 'CASCADE' })
export class AiExecution {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  mode: AiExecutionMode;

  @Column('text')
  status: AiExecutionStatus;

  /** `user` or `api-key`. */
  @Column('text')
  requestedByType: string;

  @Column('uuid')
  requestedById: string;

  /** The calls it was given (calls mode), so it can resume where it paused. */
  @Column('jsonb')
  calls: { tool: string; input?: unknown }[];

  /** The member's role key when it started; null for an API key. */
  @Column('text', { nullable: true })
  requestedByRole: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  /** Prompt mode: the prompt as the model received it (guardrails applied); null once its thread is deleted. */
  @Column('text', { nullable: true })
  prompt?: string | null;

  /** Prompt mode: the provider's model. */
  @Column('text', { nullable: true })
  model?: string | null;

  /** Prompt mode: the thread it appends to. */
  @Column('uuid', { nullable: true })
  threadId?: string | null;

  /** Prompt mode: the loop's limits, defaults filled in. */
  @Column('jsonb', { nullable: true })
  limits?: PromptLimits | null;

  /** Prompt mode: the model's final answer (guardrails applied). */
  @Column('text', { nullable: true })
  answer?: string | null;

  /** Prompt mode: why the loop stopped (`answered`, `max_steps`, `max_tokens`, `max_seconds`, `provider_failed`). */
  @Column('text', { nullable: true })
  stopReason?: string | null;

  @Column('text', { nullable: true })
  stopDetail?: string | null;
}

/** The limits of a prompt-mode loop. */
export interface PromptLimits {
  maxSteps: number;
  maxTokens: number;
  maxSeconds: number;
}
