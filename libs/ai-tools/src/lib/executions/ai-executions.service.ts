import { AI_TOOL_CALLS_METER, BuiltInUsage } from '@keel/billing';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiCaller } from '../ai-caller';
import type { AiApproval } from '../approvals/ai-approval.entity';
import { AiPolicyService } from '../policy/ai-policy.service';
import { AiExecution } from './ai-execution.entity';
import { AiExecutionStep } from './ai-execution-step.entity';
import { NOTHING_SPENT, Spend } from './budget-check';
import { ExecutionEvents } from './execution-events';
import { spentToday } from './spent-today';
import { ToolCallRequest, ToolCallRunner } from './tool-call-runner';

export interface ExecutionWithSteps {
  execution: AiExecution;
  steps: AiExecutionStep[];
}

export function executionNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No execution of this workspace has this id.');
}

/** Executions of tool calls, in the caller's tenant transaction. */
@Injectable()
export class AiExecutionsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly caller: AiCaller,
    private readonly policies: AiPolicyService,
    private readonly runner: ToolCallRunner,
    private readonly events: ExecutionEvents,
    private readonly usage: BuiltInUsage,
  ) {}

  private get executions() {
    return this.txHost.tx.getRepository(AiExecution);
  }

  private get steps() {
    return this.txHost.tx.getRepository(AiExecutionStep);
  }

  /**
   * Calls mode: the client's own model proposed `calls`; each is decided and
   * run in order under the policy in force. A call held for approval stops
   * the execution there (`awaiting_approval`); refused calls do not.
   */
  async runCalls(workspaceId: string, calls: ToolCallRequest[]): Promise<ExecutionWithSteps> {
    // A plan whose hard included tool calls are used up stops a new execution (402).
    await this.usage.assertAvailable(workspaceId, [AI_TOOL_CALLS_METER]);
    const principal = this.caller.principal;
    const execution: AiExecution = {
      workspaceId,
      id: newId(),
      mode: 'calls',
      status: 'running',
      requestedByType: principal.type,
      requestedById: principal.id,
      requestedByRole: principal.role,
      calls: calls.map((call) => ({ tool: call.tool, input: call.input })),
      createdAt: new Date(),
      finishedAt: null,
    };
    await insertRows(this.txHost.tx, AiExecution, execution);
    return { execution, steps: await this.continueFrom(execution, 1, []) };
  }

  /**
   * After an approval of `approval`'s call was decided: resumes the execution
   * at that step, as its requester, with the decision; 409 CONFLICT when it
   * no longer waits for it.
   */
  async resumeAfter(workspaceId: string, approval: AiApproval): Promise<ExecutionWithSteps> {
    const execution = await this.executions
      .createQueryBuilder('execution')
      .where('execution.workspace_id = :workspaceId AND execution.id = :id', { workspaceId, id: approval.executionId })
      .setLock('pessimistic_write')
      .getOne();
    if (!execution) throw executionNotFound();
    if (execution.status !== 'awaiting_approval') {
      throw new DomainError('CONFLICT', `The execution is ${execution.status}, not waiting for this approval.`);
    }
    const before = await this.steps
      .createQueryBuilder('step')
      .where('step.workspace_id = :workspaceId AND step.execution_id = :id AND step.step < :step', {
        workspaceId,
        id: execution.id,
        step: approval.step,
      })
      .orderBy('step.step', 'ASC')
      .getMany();
    const steps = await this.caller.actAs(execution, () =>
      this.continueFrom(execution, approval.step, before, approval),
    );
    return { execution, steps: [...before, ...steps] };
  }

  /** Runs the calls from `fromStep` on (the first with `approval`, when resuming), then settles the status. */
  private async continueFrom(
    execution: AiExecution,
    fromStep: number,
    before: AiExecutionStep[],
    approval?: AiApproval,
  ): Promise<AiExecutionStep[]> {
    const workspaceId = execution.workspaceId;
    const policy = await this.policies.current(workspaceId);
    const perDay = await spentToday(this.txHost.tx, workspaceId, policy);
    const perExecution: Spend = { ...NOTHING_SPENT };
    for (const step of before) {
      for (const key of ['writes', 'destructive', 'units'] as const) perExecution[key] += step[key];
    }
    const steps: AiExecutionStep[] = [];
    for (const [index, call] of execution.calls.entries()) {
      if (index + 1 < fromStep) continue;
      const resuming = index + 1 === fromStep ? approval : undefined;
      const step = await this.runner.run(execution, index + 1, call, policy, { perExecution, perDay }, resuming);
      steps.push(step);
      for (const key of ['writes', 'destructive', 'units'] as const) {
        perExecution[key] += step[key];
        perDay[key] += step[key];
      }
      if (step.outcome === 'awaiting_approval') break;
    }
    const awaiting = steps.some((step) => step.outcome === 'awaiting_approval');
    execution.status = awaiting ? 'awaiting_approval' : 'succeeded';
    execution.finishedAt = awaiting ? null : new Date();
    await this.executions.update(
      { workspaceId, id: execution.id },
      { status: execution.status, finishedAt: execution.finishedAt },
    );
    await this.events.settled(execution, [...before, ...steps]);
    return steps;
  }

  /** One execution with its steps; another caller's is 404 unless the caller holds ai:manage. */
  async get(workspaceId: string, executionId: string): Promise<ExecutionWithSteps> {
    const execution = await this.executions.findOneBy({ workspaceId, id: executionId });
    if (!execution || !this.maySee(execution)) throw executionNotFound();
    const steps = await this.steps.find({ where: { workspaceId, executionId }, order: { step: 'ASC' } });
    return { execution, steps };
  }

  private maySee(execution: AiExecution): boolean {
    if (this.caller.has('ai:manage')) return true;
    const principal = this.caller.principal;
    return execution.requestedByType === principal.type && execution.requestedById === principal.id;
  }
}
