import type { AiExecutionStep } from './ai-execution-step.entity';
import type { ExecutionWithSteps } from './ai-executions.service';
import { ExecutionResponse, ExecutionStepResponse } from './dto/execution.response';

/** Milliseconds an EventSource waits before it asks again about an execution that has not ended. */
export const EXECUTION_STREAM_RETRY_MS = 2000;

function event(name: string, id: number, data: unknown): string {
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * An execution as Server-Sent Events, after the step `lastEventId` (what an
 * EventSource sends back when it reconnects): each newer step as
 * `ai.execution.step`, then `ai.execution.completed` or `ai.execution.failed`
 * with the whole execution once it ended — or, while it waits for an
 * approval, `ai.execution.status` and a `retry:` so the client asks again.
 * A step held for approval carries the id before its own, so the client that
 * reconnects gets the step again once the approval replaced it.
 */
export function executionEventStream(found: ExecutionWithSteps, lastEventId: number): string {
  const { execution, steps } = found;
  let text = '';
  let lastId = lastEventId;
  for (const step of steps) {
    if (step.step <= lastEventId) continue;
    lastId = held(step) ? step.step - 1 : step.step;
    text += event('ai.execution.step', lastId, ExecutionStepResponse.of(step));
  }
  if (execution.status === 'succeeded' || execution.status === 'failed' || execution.status === 'cancelled') {
    const name = execution.status === 'succeeded' ? 'ai.execution.completed' : 'ai.execution.failed';
    return text + event(name, lastId, ExecutionResponse.of(found));
  }
  const waiting = steps.find(held);
  return (
    text +
    `retry: ${EXECUTION_STREAM_RETRY_MS}\n` +
    event('ai.execution.status', lastId, {
      status: execution.status,
      approvalId: (waiting?.error?.['approvalId'] as string | undefined) ?? null,
    })
  );
}

function held(step: AiExecutionStep): boolean {
  return step.outcome === 'awaiting_approval';
}
