import { Injectable } from '@nestjs/common';
import { EventTypeDefinition, JsonSchema, Outbox } from '@keel/events';
import type { AiExecutionStep } from './ai-execution-step.entity';
import type { AiExecution } from './ai-execution.entity';

const EVENT_VERSION = 1;

const actor: JsonSchema = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { type: 'string' }, id: { type: 'string' } },
};

/** What an event tells of an execution: never its prompt, inputs, results or answer. */
const execution: JsonSchema = {
  type: 'object',
  required: ['id', 'mode', 'status', 'requestedBy', 'toolCalls', 'refused', 'modelTurns', 'tokens'],
  properties: {
    id: { type: 'string' },
    mode: { enum: ['calls', 'prompt'] },
    status: { enum: ['succeeded', 'failed', 'cancelled'] },
    stopReason: { type: ['string', 'null'] },
    threadId: { type: ['string', 'null'] },
    requestedBy: actor,
    toolCalls: { type: 'integer' },
    refused: { type: 'integer' },
    modelTurns: { type: 'integer' },
    tokens: { type: 'integer' },
  },
};

export const AI_EXECUTION_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: 'ai.execution.completed',
    version: EVENT_VERSION,
    description:
      'An AI execution finished: calls mode ran all its calls (refused ones included), or in prompt mode the model answered.',
    schema: { type: 'object', required: ['execution'], properties: { execution } },
  },
  {
    type: 'ai.execution.failed',
    version: EVENT_VERSION,
    description:
      'A prompt-mode execution ended without an answer: a limit was reached (stopReason max_steps, max_tokens, max_seconds) or the provider failed (provider_failed).',
    schema: { type: 'object', required: ['execution'], properties: { execution } },
  },
  {
    type: 'ai.tool.denied',
    version: EVENT_VERSION,
    description:
      'A tool call was denied: the caller lacks its permission, the policy forbids or does not permit it, a budget would be exceeded, or its approval was rejected. The input is named by its sha256 only.',
    schema: {
      type: 'object',
      required: ['executionId', 'step', 'tool', 'inputSha256', 'code', 'reason', 'decisionId', 'principal'],
      properties: {
        executionId: { type: 'string' },
        step: { type: 'integer' },
        tool: { type: 'string' },
        inputSha256: { type: 'string' },
        code: { type: 'string' },
        reason: { type: 'string' },
        decisionId: { type: ['string', 'null'] },
        budget: { type: 'string' },
        principal: actor,
      },
    },
  },
];

/** The execution events, published in the execution's transaction (so they commit with what they tell). */
@Injectable()
export class ExecutionEvents {
  constructor(private readonly outbox: Outbox) {}

  /** ai.execution.completed or ai.execution.failed, once an execution stops for good (not while it waits for an approval). */
  async settled(execution: AiExecution, steps: readonly AiExecutionStep[]): Promise<void> {
    if (execution.status !== 'succeeded' && execution.status !== 'failed') return;
    const calls = steps.filter((step) => step.kind === 'tool_call');
    const turns = steps.filter((step) => step.kind === 'model_turn');
    await this.outbox.publish(execution.workspaceId, {
      type: execution.status === 'succeeded' ? 'ai.execution.completed' : 'ai.execution.failed',
      version: EVENT_VERSION,
      data: {
        execution: {
          id: execution.id,
          mode: execution.mode,
          status: execution.status,
          stopReason: execution.stopReason ?? null,
          threadId: execution.threadId ?? null,
          requestedBy: { type: execution.requestedByType, id: execution.requestedById },
          toolCalls: calls.length,
          refused: calls.filter((step) => step.outcome !== 'succeeded').length,
          modelTurns: turns.length,
          tokens: turns.reduce((total, step) => total + (step.tokensIn ?? 0) + (step.tokensOut ?? 0), 0),
        },
      },
    });
  }

  /** ai.tool.denied for a step the permission, the policy, a budget or a rejection refused. */
  async denied(step: AiExecutionStep, principal: { type: string; id: string }): Promise<void> {
    if (step.outcome !== 'denied' || !step.error) return;
    const budget = step.error['budget'];
    await this.outbox.publish(step.workspaceId, {
      type: 'ai.tool.denied',
      version: EVENT_VERSION,
      data: {
        executionId: step.executionId,
        step: step.step,
        tool: step.tool ?? '',
        inputSha256: step.inputSha256,
        code: step.error.code,
        reason: step.error.reason,
        decisionId: step.decisionId,
        ...(typeof budget === 'string' ? { budget } : {}),
        principal: { type: principal.type, id: principal.id },
      },
    });
  }
}
