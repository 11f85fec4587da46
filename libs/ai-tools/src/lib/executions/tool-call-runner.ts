import { AI_TOOL_CALLS_METER, BuiltInUsage } from '@keel/billing';
import { Injectable, Logger } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { insertRows, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiCaller } from '../ai-caller';
import type { AiApproval } from '../approvals/ai-approval.entity';
import { AiApprovalsService, callSha256 } from '../approvals/ai-approvals.service';
import { AiDecisionsService } from '../decisions/ai-decisions.service';
import type { AiPolicyVersion } from '../policy/ai-policy-version.entity';
import { evaluatePolicy } from '../policy/policy-evaluation';
import type { AiTool } from '../tools/ai-tool';
import { ToolFailure } from '../tools/tool-failure';
import { ToolRegistry } from '../tools/tool-registry';
import { AiExecution } from './ai-execution.entity';
import { AiExecutionStep, ToolCallError } from './ai-execution-step.entity';
import { exceededBudget, Spend } from './budget-check';
import { ExecutionEvents } from './execution-events';
import { inputSha256 } from './input-hash';

export interface ToolCallRequest {
  tool: string;
  input?: unknown;
}

/** What the budgets have spent before this call. */
export interface SpentSoFar {
  perExecution: Spend;
  perDay: Spend;
}

/**
 * One tool call of an execution, start to finish: the tool is found and its
 * input checked against its schema (INVALID_ARGUMENTS otherwise), the caller's
 * permission and the policy decide (POLICY_DENIED), the budgets are checked
 * (BUDGET_EXCEEDED), each decision is logged, and a permitted call runs as the
 * caller in a savepoint of the request's transaction, so a refusal undoes only
 * what the call did. The step is recorded whatever happened; a refused call
 * does not fail the execution.
 */
@Injectable()
export class ToolCallRunner {
  private readonly logger = new Logger(ToolCallRunner.name);

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly registry: ToolRegistry,
    private readonly caller: AiCaller,
    private readonly decisions: AiDecisionsService,
    private readonly approvals: AiApprovalsService,
    private readonly events: ExecutionEvents,
    private readonly usage: BuiltInUsage,
  ) {}

  async run(
    execution: AiExecution,
    step: number,
    call: ToolCallRequest,
    policy: AiPolicyVersion | null,
    spent: SpentSoFar,
    approval?: AiApproval,
  ): Promise<AiExecutionStep> {
    const workspaceId = execution.workspaceId;
    const input = call.input === undefined ? {} : call.input;
    const base: AiExecutionStep = {
      workspaceId,
      executionId: execution.id,
      step,
      kind: 'tool_call',
      tool: call.tool,
      toolVersion: null,
      input,
      inputSha256: inputSha256(input),
      decisionId: null,
      outcome: 'invalid',
      result: null,
      error: null,
      writes: 0,
      destructive: 0,
      units: 0,
      latencyMs: 0,
      createdAt: new Date(),
    };
    const started = performance.now();
    const finished = await this.decideAndRun(base, call, input, policy, spent, approval);
    finished.latencyMs = Math.round(performance.now() - started);
    if (approval) {
      // The step that paused for this approval: its record is replaced by what happened once it was decided.
      await this.txHost.tx.query(
        'DELETE FROM ai_execution_steps WHERE workspace_id = $1 AND execution_id = $2 AND step = $3',
        [workspaceId, execution.id, step],
      );
    }
    await insertRows(this.txHost.tx, AiExecutionStep, finished);
    // A call that ran (whatever came of it) is metered; a refused, invalid or held one is not.
    if (finished.outcome === 'succeeded' || finished.outcome === 'failed') {
      this.usage.report(workspaceId, AI_TOOL_CALLS_METER, 1);
    }
    await this.events.denied(finished, this.caller.principal);
    return finished;
  }

  private async decideAndRun(
    step: AiExecutionStep,
    call: ToolCallRequest,
    input: unknown,
    policy: AiPolicyVersion | null,
    spent: SpentSoFar,
    approval: AiApproval | undefined,
  ): Promise<AiExecutionStep> {
    const tool = await this.registry.find(step.workspaceId, call.tool);
    if (!tool) {
      return refused(step, 'invalid', { code: 'INVALID_ARGUMENTS', reason: `No tool is named "${call.tool}".` });
    }
    step.toolVersion = tool.version;
    const problems = this.registry.inputProblems(step.workspaceId, tool, input);
    if (problems.length > 0) {
      return refused(step, 'invalid', {
        code: 'INVALID_ARGUMENTS',
        reason: `The input does not match the input schema of ${tool.name}: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}.`,
        errors: problems,
      });
    }

    const principal = this.caller.principal;
    const record = (
      effect: 'permit' | 'forbid' | 'require_approval' | 'deny',
      matchedRules: string[],
      reason: string,
    ) =>
      this.decisions.record(step.workspaceId, {
        executionId: step.executionId,
        step: step.step,
        tool: tool.name,
        inputSha256: step.inputSha256,
        principal,
        policyVersion: policy?.version ?? null,
        effect,
        matchedRules,
        reason,
      });

    if (!this.caller.has(tool.permission)) {
      const decision = await record(
        'deny',
        [],
        `${tool.name} needs the permission ${tool.permission}, which the caller does not hold.`,
      );
      step.decisionId = decision.id;
      return refused(step, 'denied', {
        code: 'POLICY_DENIED',
        reason: decision.reason,
        permission: tool.permission,
      });
    }

    if (approval?.status === 'rejected') {
      const decision = await record('deny', [], `${tool.name} was rejected (approval ${approval.id}).`);
      step.decisionId = decision.id;
      return refused(step, 'denied', { code: 'POLICY_DENIED', reason: decision.reason, approvalId: approval.id });
    }

    const verdict = evaluatePolicy(policy?.rules ?? null, {
      tool: { name: tool.name, readOnly: tool.annotations.readOnly },
      input,
      principal,
      context: {
        executionId: step.executionId,
        step: step.step,
        tool: { name: tool.name, version: tool.version, ...tool.annotations, cost: tool.cost },
        now: new Date().toISOString(),
      },
    });
    if (verdict.effect === 'forbid' || verdict.effect === 'deny') {
      const decision = await record(verdict.effect, verdict.matchedRules, verdict.reason);
      step.decisionId = decision.id;
      return refused(step, 'denied', { code: 'POLICY_DENIED', reason: verdict.reason });
    }
    let permitReason = verdict.reason;
    if (verdict.effect === 'require_approval') {
      if (policy && this.approves(approval, policy, tool, input)) {
        permitReason = `${tool.name} was approved (approval ${approval?.id}) under ${verdict.matchedRules.join(', ')}.`;
      } else {
        // No approval, or one for another call or an older policy: the call waits for a new one.
        const decision = await record(verdict.effect, verdict.matchedRules, verdict.reason);
        step.decisionId = decision.id;
        const held = await this.approvals.request(step.workspaceId, {
          executionId: step.executionId,
          step: step.step,
          tool: tool.name,
          toolVersion: tool.version,
          input,
          inputSha256: step.inputSha256,
          policyVersion: policy?.version ?? 0,
          decisionId: decision.id,
          requestedBy: { type: principal.type, id: principal.id },
        });
        return refused(step, 'awaiting_approval', {
          code: 'APPROVAL_REQUIRED',
          reason: verdict.reason,
          approvalId: held.id,
        });
      }
    }

    const cost = spendOf(tool);
    const over = exceededBudget(policy?.budgets ?? {}, spent, cost);
    if (over) {
      const reason = `The budget ${over.budget} (${over.limit}) would be exceeded by ${tool.name}.`;
      const decision = await record('deny', verdict.matchedRules, reason);
      step.decisionId = decision.id;
      return refused(step, 'denied', { code: 'BUDGET_EXCEEDED', reason, budget: over.budget, limit: over.limit });
    }
    const decision = await record('permit', verdict.matchedRules, permitReason);
    step.decisionId = decision.id;
    return this.execute(step, tool, input as Record<string, unknown>, cost);
  }

  /** Whether `approval` approves exactly this call under the policy in force (else it is decided again). */
  private approves(approval: AiApproval | undefined, policy: AiPolicyVersion, tool: AiTool, input: unknown): boolean {
    return (
      approval?.status === 'approved' &&
      approval.policyVersion === policy.version &&
      approval.toolVersion === tool.version &&
      approval.callSha256 === callSha256(tool.name, tool.version, input)
    );
  }

  private async execute(
    step: AiExecutionStep,
    tool: AiTool,
    input: Record<string, unknown>,
    cost: Spend,
  ): Promise<AiExecutionStep> {
    try {
      const result = await this.txHost.withTransaction(Propagation.Nested, () => tool.run(step.workspaceId, input));
      return { ...step, outcome: 'succeeded', result: result ?? null, ...cost };
    } catch (error) {
      if (error instanceof ToolFailure) {
        return refused(step, 'failed', { ...error.extensions, code: error.code, reason: error.reason });
      }
      if (error instanceof DomainError) {
        return refused(step, 'failed', {
          ...(error.options.extensions ?? {}),
          ...(error.options.errors ? { errors: error.options.errors } : {}),
          code: error.code,
          reason: error.detail,
        });
      }
      this.logger.error(
        { err: error, tool: tool.name, executionId: step.executionId, step: step.step },
        'AI tool failed',
      );
      return refused(step, 'failed', { code: 'INTERNAL', reason: `${tool.name} failed unexpectedly.` });
    }
  }
}

function spendOf(tool: AiTool): Spend {
  return {
    writes: tool.annotations.readOnly ? 0 : 1,
    destructive: tool.annotations.destructive ? 1 : 0,
    units: tool.cost,
  };
}

function refused(
  step: AiExecutionStep,
  outcome: AiExecutionStep['outcome'],
  error: Omit<ToolCallError, 'decisionId'>,
): AiExecutionStep {
  return { ...step, outcome, error: { ...error, decisionId: step.decisionId } as ToolCallError };
}
