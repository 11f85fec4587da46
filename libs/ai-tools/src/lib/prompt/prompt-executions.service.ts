import { AI_TOKENS_METER, AI_TOOL_CALLS_METER, BuiltInUsage } from '@keel/billing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { canonicalJson, sha256Hex } from '@keel/platform-crypto';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiCaller } from '../ai-caller';
import type { AiApproval } from '../approvals/ai-approval.entity';
import { AiExecution, PromptLimits } from '../executions/ai-execution.entity';
import { AiExecutionStep } from '../executions/ai-execution-step.entity';
import { executionNotFound, ExecutionWithSteps } from '../executions/ai-executions.service';
import { ExecutionEvents } from '../executions/execution-events';
import { NOTHING_SPENT, Spend } from '../executions/budget-check';
import { inputSha256 } from '../executions/input-hash';
import { spentToday } from '../executions/spent-today';
import { SpentSoFar, ToolCallRunner } from '../executions/tool-call-runner';
import { addCounts, RedactionCounts, RedactionKind, redactJson, redactText } from '../guardrails/guardrail-redaction';
import { redactedKinds } from '../guardrails/guardrail-settings';
import { looksLikeInstructions } from '../guardrails/instruction-screen';
import type { AiPolicyVersion } from '../policy/ai-policy-version.entity';
import { AiPolicyService } from '../policy/ai-policy.service';
import { AiThreadsService } from '../threads/ai-threads.service';
import { ToolRegistry } from '../tools/tool-registry';
import { MODEL_PROVIDER, ModelMessage, ModelProvider, ModelProviderError, ModelToolCall } from './model-provider';
import {
  conversationOf,
  INSTRUCTION_LIKE_FLAG,
  ModelTurnRecord,
  SYSTEM_PROMPT,
  toolMessageOf,
} from './prompt-conversation';
import { ToolWireNames } from './tool-wire-names';

export const DEFAULT_PROMPT_LIMITS: PromptLimits = { maxSteps: 8, maxTokens: 20_000, maxSeconds: 60 };

/** Most tokens one answer of the model may take (less when the execution's token limit is closer). */
const MAX_OUTPUT_TOKENS_PER_TURN = 4096;

export interface PromptRequest {
  prompt: string;
  model?: string;
  limits?: Partial<PromptLimits>;
  /** A thread of the caller: its messages are the prompt's history, and the prompt and answer are appended to it. */
  threadId?: string;
}

type StopReason = 'answered' | 'max_steps' | 'max_tokens' | 'max_seconds' | 'provider_failed';

/** Where a loop stands: what it spent, how far it got, and what it still has to run. */
interface LoopState {
  execution: AiExecution;
  policy: AiPolicyVersion | null;
  /** The kinds the workspace's guardrails redact. */
  redacted: ReadonlySet<RedactionKind>;
  spent: SpentSoFar;
  nextStep: number;
  turns: number;
  tokens: number;
  deadline: number;
  messages: ModelMessage[];
  names: ToolWireNames;
  steps: AiExecutionStep[];
}

/**
 * Prompt mode: Keel runs the model loop. The provider proposes tool calls;
 * each goes through exactly the path of calls mode (input schema, permission,
 * policy, budgets, approvals, decision log, one recorded step); its result or
 * tool error goes back to the model, until the model answers or a limit is
 * reached. Guardrails redact what goes to the provider and what it answers.
 */
@Injectable()
export class PromptExecutions {
  private readonly logger = new Logger(PromptExecutions.name);

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly caller: AiCaller,
    private readonly policies: AiPolicyService,
    private readonly runner: ToolCallRunner,
    private readonly registry: ToolRegistry,
    private readonly threads: AiThreadsService,
    private readonly events: ExecutionEvents,
    @Inject(MODEL_PROVIDER) private readonly provider: ModelProvider | null,
    private readonly usage: BuiltInUsage,
  ) {}

  /** 422 AI_PROVIDER_NOT_CONFIGURED with AI_PROVIDER=none. */
  assertConfigured(): ModelProvider {
    if (!this.provider) {
      throw new DomainError(
        'AI_PROVIDER_NOT_CONFIGURED',
        'No model provider is configured (AI_PROVIDER is none): run your own model and send its calls as {calls}.',
      );
    }
    return this.provider;
  }

  async start(workspaceId: string, request: PromptRequest): Promise<ExecutionWithSteps> {
    const provider = this.assertConfigured();
    // A plan whose hard included tokens or tool calls are used up stops a new execution (402).
    await this.usage.assertAvailable(workspaceId, [AI_TOKENS_METER, AI_TOOL_CALLS_METER]);
    const principal = this.caller.principal;
    const policy = await this.policies.current(workspaceId);
    const prompt = redactText(request.prompt, redactedKinds(policy?.guardrails));
    let history: ModelMessage[] = [];
    if (request.threadId) {
      // Another caller's thread, or none: 404, before anything is recorded.
      await this.threads.get(workspaceId, request.threadId);
      history = await this.threads.history(workspaceId, request.threadId);
    }
    const execution: AiExecution = {
      workspaceId,
      id: newId(),
      mode: 'prompt',
      status: 'running',
      requestedByType: principal.type,
      requestedById: principal.id,
      requestedByRole: principal.role,
      calls: [],
      createdAt: new Date(),
      finishedAt: null,
      prompt: prompt.value,
      model: request.model ?? provider.defaultModel,
      threadId: request.threadId ?? null,
      limits: { ...DEFAULT_PROMPT_LIMITS, ...definedOnly(request.limits ?? {}) },
      answer: null,
      stopReason: null,
      stopDetail: null,
    };
    await insertRows(this.txHost.tx, AiExecution, execution);
    if (request.threadId) {
      await this.threads.append(workspaceId, request.threadId, 'user', prompt.value, execution.id);
    }
    const opening: ModelMessage[] = [...history, { role: 'user', content: prompt.value }];
    const state = await this.stateOf(execution, opening, [], policy);
    await this.loop(provider, state, [], undefined, prompt.counts);
    return { execution, steps: state.steps };
  }

  /** Whether `executionId` is a prompt-mode execution (its approval resumes the model loop). */
  async isPrompt(workspaceId: string, executionId: string): Promise<boolean> {
    const [row] = (await this.txHost.tx.query('SELECT mode FROM ai_executions WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      executionId,
    ])) as { mode: string }[];
    return row?.mode === 'prompt';
  }

  /**
   * After `approval` was decided: runs the held call (and the other calls of
   * the same model turn), then goes on with the loop, as the requester.
   */
  async resumeAfter(workspaceId: string, approval: AiApproval): Promise<ExecutionWithSteps> {
    const provider = this.assertConfigured();
    const execution = await this.txHost.tx
      .getRepository(AiExecution)
      .createQueryBuilder('execution')
      .where('execution.workspace_id = :workspaceId AND execution.id = :id', { workspaceId, id: approval.executionId })
      .setLock('pessimistic_write')
      .getOne();
    if (!execution) throw executionNotFound();
    if (execution.status !== 'awaiting_approval') {
      throw new DomainError('CONFLICT', `The execution is ${execution.status}, not waiting for this approval.`);
    }
    const all = await this.txHost.tx
      .getRepository(AiExecutionStep)
      .find({ where: { workspaceId, executionId: execution.id }, order: { step: 'ASC' } });
    const before = all.filter((step) => step.step < approval.step);
    const lastTurn = [...before].reverse().find((step) => step.kind === 'model_turn');
    if (!lastTurn) throw new DomainError('CONFLICT', 'The execution has no model turn to resume.');
    const answered = before.filter((step) => step.step > lastTurn.step).length;
    const pending = (lastTurn.result as ModelTurnRecord).toolCalls.slice(answered);
    const history = execution.threadId ? await this.threads.history(workspaceId, execution.threadId, execution.id) : [];
    const opening: ModelMessage[] = [...history, { role: 'user', content: execution.prompt ?? '' }];
    return this.caller.actAs(execution, async () => {
      const state = await this.stateOf(execution, opening, before);
      state.nextStep = approval.step;
      await this.loop(provider, state, pending, approval);
      return { execution, steps: state.steps };
    });
  }

  private async stateOf(
    execution: AiExecution,
    opening: ModelMessage[],
    before: AiExecutionStep[],
    policyInForce?: AiPolicyVersion | null,
  ): Promise<LoopState> {
    const workspaceId = execution.workspaceId;
    const policy = policyInForce === undefined ? await this.policies.current(workspaceId) : policyInForce;
    const perDay = await spentToday(this.txHost.tx, workspaceId, policy);
    const perExecution: Spend = { ...NOTHING_SPENT };
    for (const step of before) {
      for (const key of ['writes', 'destructive', 'units'] as const) perExecution[key] += step[key];
    }
    const usable = (await this.registry.tools(workspaceId)).filter((tool) => this.caller.has(tool.permission));
    const limits = execution.limits ?? DEFAULT_PROMPT_LIMITS;
    // Time spent waiting for an approval does not count: only the steps' own time does.
    const used = before.reduce((total, step) => total + step.latencyMs, 0);
    return {
      execution,
      policy,
      redacted: redactedKinds(policy?.guardrails),
      spent: { perExecution, perDay },
      nextStep: before.length + 1,
      turns: before.filter((step) => step.kind === 'model_turn').length,
      tokens: before.reduce((total, step) => total + (step.tokensIn ?? 0) + (step.tokensOut ?? 0), 0),
      deadline: Date.now() + limits.maxSeconds * 1000 - used,
      messages: conversationOf(opening, before),
      names: new ToolWireNames(usable),
      steps: [...before],
    };
  }

  /** Runs `pending` calls (the first with `approval`), then model turns and their calls until an answer, a limit or a held call. */
  private async loop(
    provider: ModelProvider,
    state: LoopState,
    pending: (ModelToolCall & { tool?: string })[],
    approval?: AiApproval,
    promptRedactions: RedactionCounts = {},
  ): Promise<void> {
    const limits = state.execution.limits ?? DEFAULT_PROMPT_LIMITS;
    let calls = pending;
    let resuming = approval;
    for (;;) {
      for (const call of calls) {
        const step = await this.runCall(state, call, resuming);
        resuming = undefined;
        if (step.outcome === 'awaiting_approval') return this.settle(state, 'awaiting_approval');
        state.messages.push(toolMessageOf(step));
      }
      if (state.turns >= limits.maxSteps) {
        return this.stop(state, 'max_steps', `The model took ${limits.maxSteps} turns without answering (maxSteps).`);
      }
      if (state.tokens >= limits.maxTokens) {
        return this.stop(
          state,
          'max_tokens',
          `The model used ${state.tokens} tokens of ${limits.maxTokens} (maxTokens).`,
        );
      }
      const remainingMs = state.deadline - Date.now();
      if (remainingMs <= 0) {
        return this.stop(
          state,
          'max_seconds',
          `The execution ran out of its ${limits.maxSeconds} seconds (maxSeconds).`,
        );
      }
      const turn = await this.modelTurn(provider, state, remainingMs, promptRedactions);
      promptRedactions = {};
      if (!turn) return;
      if (turn.toolCalls.length === 0) {
        state.execution.answer = turn.text ?? '';
        return this.stop(state, 'answered', 'The model answered.');
      }
      calls = turn.toolCalls;
    }
  }

  /** Asks the model for its next turn and records it as a step; undefined when the provider failed (the execution stopped). */
  private async modelTurn(
    provider: ModelProvider,
    state: LoopState,
    remainingMs: number,
    promptRedactions: RedactionCounts,
  ): Promise<ModelTurnRecord | undefined> {
    const execution = state.execution;
    const limits = execution.limits ?? DEFAULT_PROMPT_LIMITS;
    const started = performance.now();
    const sent = state.messages;
    let answer;
    try {
      answer = await provider.complete({
        model: execution.model ?? provider.defaultModel,
        system: SYSTEM_PROMPT,
        messages: sent,
        tools: state.names.offered,
        maxOutputTokens: Math.max(1, Math.min(MAX_OUTPUT_TOKENS_PER_TURN, limits.maxTokens - state.tokens)),
        timeoutMs: remainingMs,
      });
    } catch (error) {
      if (!(error instanceof ModelProviderError)) throw error;
      this.logger.warn(
        { executionId: execution.id, provider: provider.name, reason: error.message },
        'model provider failed',
      );
      const outOfTime = state.deadline - Date.now() <= 0;
      await this.stop(
        state,
        outOfTime ? 'max_seconds' : 'provider_failed',
        outOfTime ? `The execution ran out of its ${limits.maxSeconds} seconds (maxSeconds).` : error.message,
      );
      return undefined;
    }
    // What the model says is scanned like what it is sent: a secret it produces is never stored or answered.
    const redactions: RedactionCounts = { ...promptRedactions };
    const text = answer.text === null ? null : redactText(answer.text, state.redacted);
    if (text) addCounts(redactions, text.counts);
    const toolCalls = answer.toolCalls.map((call) => {
      const input = redactJson(call.input, state.redacted);
      addCounts(redactions, input.counts);
      const invalidJson = call.invalidJson === undefined ? undefined : redactText(call.invalidJson, state.redacted);
      if (invalidJson) addCounts(redactions, invalidJson.counts);
      return {
        id: call.id,
        name: call.name,
        tool: state.names.keelName(call.name),
        input: input.value,
        ...(invalidJson ? { invalidJson: invalidJson.value } : {}),
      };
    });
    const record: ModelTurnRecord = { text: text?.value ?? null, toolCalls };
    const step: AiExecutionStep = {
      workspaceId: execution.workspaceId,
      executionId: execution.id,
      step: state.nextStep++,
      kind: 'model_turn',
      tool: null,
      toolVersion: null,
      input: null,
      // The conversation as sent, proven by its hash; its parts are kept on the steps that produced them.
      inputSha256: sha256Hex(canonicalJson(sent)),
      decisionId: null,
      outcome: 'succeeded',
      result: record,
      error: null,
      writes: 0,
      destructive: 0,
      units: 0,
      latencyMs: Math.round(performance.now() - started),
      createdAt: new Date(),
      callId: null,
      tokensIn: answer.tokensIn,
      tokensOut: answer.tokensOut,
      redactions,
      flags: [],
    };
    await insertRows(this.txHost.tx, AiExecutionStep, step);
    this.usage.report(state.execution.workspaceId, AI_TOKENS_METER, answer.tokensIn + answer.tokensOut);
    state.steps.push(step);
    state.turns += 1;
    state.tokens += answer.tokensIn + answer.tokensOut;
    state.messages.push({
      role: 'assistant',
      content: record.text,
      toolCalls: toolCalls.map(({ id, name, input, invalidJson }) => ({ id, name, input, invalidJson })),
    });
    return record;
  }

  /**
   * One proposed call, through the path calls mode takes; then its result is
   * screened before the model sees it: redacted (the step keeps the redacted
   * result and the counts) and flagged when it reads like instructions.
   */
  private async runCall(
    state: LoopState,
    call: ModelToolCall & { tool?: string },
    approval: AiApproval | undefined,
  ): Promise<AiExecutionStep> {
    const execution = state.execution;
    const number = state.nextStep++;
    const tool = call.tool ?? state.names.keelName(call.name);
    let step: AiExecutionStep;
    if (call.invalidJson !== undefined) {
      step = {
        workspaceId: execution.workspaceId,
        executionId: execution.id,
        step: number,
        kind: 'tool_call',
        tool,
        toolVersion: null,
        input: null,
        inputSha256: inputSha256(null),
        decisionId: null,
        outcome: 'invalid',
        result: null,
        error: { code: 'INVALID_ARGUMENTS', reason: 'The arguments are not valid JSON.', decisionId: null },
        writes: 0,
        destructive: 0,
        units: 0,
        latencyMs: 0,
        createdAt: new Date(),
        callId: call.id,
      };
      await insertRows(this.txHost.tx, AiExecutionStep, step);
    } else {
      step = await this.runner.run(execution, number, { tool, input: call.input }, state.policy, state.spent, approval);
      const screened = redactJson(step.result, state.redacted);
      step.callId = call.id;
      step.result = screened.value;
      step.redactions = screened.counts;
      step.flags = step.outcome === 'succeeded' && looksLikeInstructions(screened.value) ? [INSTRUCTION_LIKE_FLAG] : [];
      await this.txHost.tx.query(
        `UPDATE ai_execution_steps SET call_id = $4, result = $5, redactions = $6, flags = $7
          WHERE workspace_id = $1 AND execution_id = $2 AND step = $3`,
        [
          execution.workspaceId,
          execution.id,
          number,
          call.id,
          JSON.stringify(step.result ?? null),
          JSON.stringify(step.redactions),
          step.flags,
        ],
      );
      for (const key of ['writes', 'destructive', 'units'] as const) {
        state.spent.perExecution[key] += step[key];
        state.spent.perDay[key] += step[key];
      }
    }
    state.steps.push(step);
    return step;
  }

  private async stop(state: LoopState, reason: StopReason, detail: string): Promise<void> {
    const execution = state.execution;
    execution.stopReason = reason;
    execution.stopDetail = detail;
    if (reason === 'answered' && execution.threadId) {
      await this.threads.append(
        execution.workspaceId,
        execution.threadId,
        'assistant',
        execution.answer ?? '',
        execution.id,
      );
    }
    await this.settle(state, reason === 'answered' ? 'succeeded' : 'failed');
  }

  private async settle(state: LoopState, status: AiExecution['status']): Promise<void> {
    const execution = state.execution;
    execution.status = status;
    execution.finishedAt = status === 'awaiting_approval' ? null : new Date();
    await this.txHost.tx.getRepository(AiExecution).update(
      { workspaceId: execution.workspaceId, id: execution.id },
      {
        status: execution.status,
        finishedAt: execution.finishedAt,
        answer: execution.answer ?? null,
        stopReason: execution.stopReason ?? null,
        stopDetail: execution.stopDetail ?? null,
      },
    );
    await this.events.settled(execution, state.steps);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
