import { ActorReferenceResponse } from '@keel/identity';
import type { AiExecutionStep } from '../ai-execution-step.entity';
import type { ExecutionWithSteps } from '../ai-executions.service';

export class ToolCallErrorResponse {
  /** `INVALID_ARGUMENTS`, `POLICY_DENIED`, `BUDGET_EXCEEDED`, `APPROVAL_REQUIRED`, or the problem code the tool's service answered (e.g. `PROJECT_KEY_TAKEN`). @example "POLICY_DENIED" */
  code: string;
  /** @example "projects.transition is forbidden by rule no-cancelling." */
  reason: string;
  /** The decision on the call; null when it never reached one (unknown tool, bad arguments). @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c01" */
  decisionId: string | null;
  /** BUDGET_EXCEEDED: the budget, e.g. `perExecution.maxWrites`. @example "perExecution.maxWrites" */
  budget?: string;
  /** POLICY_DENIED for a permission the caller lacks: the permission. @example "projects:write" */
  permission?: string;
  /** APPROVAL_REQUIRED: the approval to decide (POST …/ai/approvals/{approvalId}/approve); POLICY_DENIED after a rejection: the rejected one. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2e01" */
  approvalId?: string;
}

export class ExecutionStepResponse {
  /** 1 for the first. @example 1 */
  step: number;
  /** `tool_call`, or `model_turn` (prompt mode: one answer of the model, its text and tool calls in `result`). @example "tool_call" */
  kind: string;
  /** Null for a model turn. @example "projects.get" */
  tool: string | null;
  /** @example "1" */
  toolVersion: string | null;
  /** @example {"projectId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30"} */
  input: Record<string, unknown> | null;
  /** @example "4f9d1c0b8a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c" */
  inputSha256: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c01" */
  decisionId: string | null;
  /** `succeeded`, `failed` (the tool refused), `denied`, `invalid` or `awaiting_approval`. @example "succeeded" */
  outcome: string;
  /** What the tool answered, shaped by its output schema; null unless it succeeded. @example {"id":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30","key":"WEB"} */
  result: Record<string, unknown> | null;
  error: ToolCallErrorResponse | null;
  /** @example 12 */
  latencyMs: number;
  /** Model tokens of the step (in + out); null for a tool call. @example null */
  tokens: number | null;
  /** A model turn's tokens sent to the model; null for a tool call. @example null */
  tokensIn: number | null;
  /** A model turn's tokens answered; null for a tool call. @example null */
  tokensOut: number | null;
  /** Prompt mode: how many values of each kind the guardrails replaced (`email`, `card`, `apiKey`, `bearerToken`, `privateKey`). @example {} */
  redactions: Record<string, number>;
  /** Prompt mode: `instruction_like` when a tool result read like instructions (the model got it wrapped as data). @example [] */
  flags: string[];

  static of(step: AiExecutionStep): ExecutionStepResponse {
    return {
      step: step.step,
      kind: step.kind,
      tool: step.tool,
      toolVersion: step.toolVersion,
      input: step.input as Record<string, unknown> | null,
      inputSha256: step.inputSha256,
      decisionId: step.decisionId,
      outcome: step.outcome,
      result: step.result as Record<string, unknown> | null,
      error: step.error,
      latencyMs: step.latencyMs,
      tokens: step.tokensIn == null && step.tokensOut == null ? null : (step.tokensIn ?? 0) + (step.tokensOut ?? 0),
      tokensIn: step.tokensIn ?? null,
      tokensOut: step.tokensOut ?? null,
      redactions: step.redactions ?? {},
      flags: step.flags ?? [],
    };
  }
}

export class ExecutionTotalsResponse {
  /** Prompt mode: the model's turns. @example 0 */
  modelTurns: number;
  /** @example 3 */
  toolCalls: number;
  /** @example 2 */
  succeeded: number;
  /** Denied, invalid, failed or awaiting approval. @example 1 */
  refused: number;
  /** @example 1 */
  writes: number;
  /** @example 0 */
  destructive: number;
  /** @example 7 */
  units: number;
  /** @example 0 */
  tokens: number;
}

export class ExecutionLimitsResponse {
  /** @example 8 */
  maxSteps: number;
  /** @example 20000 */
  maxTokens: number;
  /** @example 60 */
  maxSeconds: number;
}

export class ExecutionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c00" */
  id: string;
  /** `calls` or `prompt`. @example "calls" */
  mode: string;
  /** `running`, `succeeded`, `awaiting_approval`, `failed` or `cancelled`. @example "succeeded" */
  status: string;
  requestedBy: ActorReferenceResponse;
  steps: ExecutionStepResponse[];
  totals: ExecutionTotalsResponse;
  /** Prompt mode: the model; null in calls mode. @example null */
  model: string | null;
  /** Prompt mode: the thread the prompt and answer were appended to. @example null */
  threadId: string | null;
  /** Prompt mode: the limits in force. */
  limits: ExecutionLimitsResponse | null;
  /** Prompt mode: the model's final answer (guardrails applied); null until it answers. @example null */
  answer: string | null;
  /** Why it stopped: in prompt mode `answered`, `max_steps`, `max_tokens`, `max_seconds` or `provider_failed`; in either mode `approval_expired` when a held call was not approved in time; null while it runs or waits. @example null */
  stopReason: string | null;
  /** Prompt mode: the stop reason in words. @example null */
  stopDetail: string | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-12-07T10:00:01.000Z" */
  finishedAt: string | null;

  static of({ execution, steps: allSteps }: ExecutionWithSteps): ExecutionResponse {
    const steps = allSteps.filter((step) => step.kind !== 'model_turn');
    const turns = allSteps.filter((step) => step.kind === 'model_turn');
    const sum = (key: 'writes' | 'destructive' | 'units') => steps.reduce((total, step) => total + step[key], 0);
    const succeeded = steps.filter((step) => step.outcome === 'succeeded').length;
    return {
      id: execution.id,
      mode: execution.mode,
      status: execution.status,
      requestedBy: { type: execution.requestedByType, id: execution.requestedById },
      steps: allSteps.map(ExecutionStepResponse.of),
      totals: {
        modelTurns: turns.length,
        toolCalls: steps.length,
        succeeded,
        refused: steps.length - succeeded,
        writes: sum('writes'),
        destructive: sum('destructive'),
        units: sum('units'),
        tokens: turns.reduce((total, step) => total + (step.tokensIn ?? 0) + (step.tokensOut ?? 0), 0),
      },
      model: execution.model ?? null,
      threadId: execution.threadId ?? null,
      limits: execution.limits ?? null,
      answer: execution.answer ?? null,
      stopReason: execution.stopReason ?? null,
      stopDetail: execution.stopDetail ?? null,
      createdAt: execution.createdAt.toISOString(),
      finishedAt: execution.finishedAt?.toISOString() ?? null,
    };
  }
}
