import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import type { DecisionPrincipal } from '../decisions/ai-decision.entity';
import { AiDecisionsService } from '../decisions/ai-decisions.service';
import { AiExecution } from '../executions/ai-execution.entity';
import { AiExecutionStep, ToolCallError } from '../executions/ai-execution-step.entity';
import { ExecutionEvents } from '../executions/execution-events';
import { AiApproval } from './ai-approval.entity';

/** Why an execution stopped when nobody approved its held call in time. */
export const APPROVAL_EXPIRED_STOP_REASON = 'approval_expired';

/**
 * Settles approvals nobody decided in time: the approval becomes `expired`,
 * and the execution that waited for it stops for good — the held call is
 * denied (APPROVAL_EXPIRED, with its decision in the log), the execution
 * `failed` with stopReason `approval_expired` — instead of waiting forever.
 */
@Injectable()
export class ExpiredApprovals {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly decisions: AiDecisionsService,
    private readonly events: ExecutionEvents,
  ) {}

  /** Every pending approval of the workspace past its time, in the open tenant transaction; how many were settled. */
  async settle(workspaceId: string): Promise<number> {
    const expired = await this.txHost.tx
      .getRepository(AiApproval)
      .createQueryBuilder('approval')
      .where("approval.workspace_id = :workspaceId AND approval.status = 'pending' AND approval.expires_at <= now()", {
        workspaceId,
      })
      .orderBy('approval.expires_at', 'ASC')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    for (const approval of expired) await this.expire(approval);
    return expired.length;
  }

  private async expire(approval: AiApproval): Promise<void> {
    const { workspaceId } = approval;
    await this.txHost.tx.query(`UPDATE ai_approvals SET status = 'expired' WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      approval.id,
    ]);
    const execution = await this.txHost.tx
      .getRepository(AiExecution)
      .createQueryBuilder('execution')
      .where('execution.workspace_id = :workspaceId AND execution.id = :id', { workspaceId, id: approval.executionId })
      .setLock('pessimistic_write')
      .getOne();
    if (execution?.status !== 'awaiting_approval') return;
    const steps = await this.txHost.tx
      .getRepository(AiExecutionStep)
      .find({ where: { workspaceId, executionId: execution.id }, order: { step: 'ASC' } });
    const held = steps.find((step) => step.step === approval.step);
    // A call decided again after a policy change waits for a newer approval: this one no longer holds it.
    if (held?.outcome !== 'awaiting_approval' || held.error?.['approvalId'] !== approval.id) return;

    const principal: DecisionPrincipal = {
      type: execution.requestedByType as DecisionPrincipal['type'],
      id: execution.requestedById,
      role: execution.requestedByRole,
    };
    const reason = `${approval.tool} was not approved in time: approval ${approval.id} expired at ${approval.expiresAt.toISOString()}.`;
    const decision = await this.decisions.record(workspaceId, {
      executionId: execution.id,
      step: held.step,
      tool: approval.tool,
      inputSha256: approval.inputSha256,
      principal,
      policyVersion: approval.policyVersion,
      effect: 'deny',
      matchedRules: [],
      reason,
    });
    const error: ToolCallError = { code: 'APPROVAL_EXPIRED', reason, decisionId: decision.id, approvalId: approval.id };
    Object.assign(held, { outcome: 'denied', error, decisionId: decision.id });
    await this.txHost.tx.query(
      `UPDATE ai_execution_steps SET outcome = 'denied', error = $4, decision_id = $5
        WHERE workspace_id = $1 AND execution_id = $2 AND step = $3`,
      [workspaceId, execution.id, held.step, JSON.stringify(error), decision.id],
    );
    Object.assign(execution, {
      status: 'failed',
      finishedAt: new Date(),
      stopReason: APPROVAL_EXPIRED_STOP_REASON,
      stopDetail: reason,
    });
    await this.txHost.tx.query(
      `UPDATE ai_executions SET status = 'failed', finished_at = $3, stop_reason = $4, stop_detail = $5
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, execution.id, execution.finishedAt, APPROVAL_EXPIRED_STOP_REASON, reason],
    );
    await this.events.denied(held, principal);
    await this.events.settled(execution, steps);
  }
}
