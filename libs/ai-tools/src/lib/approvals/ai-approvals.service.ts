import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference } from '@keel/identity';
import { canonicalJson, sha256Hex } from '@keel/platform-crypto';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiToolsConfig } from '../ai-tools-config';
import { AI_TOOLS_EVENT_VERSION } from '../ai-tools-events';
import { AiApproval } from './ai-approval.entity';
import { ApprovalResponse } from './dto/approval.response';

/** sha256 of the canonical JSON of `{tool, version, input}`: what an approval is bound to. */
export function callSha256(tool: string, version: string, input: unknown): string {
  return sha256Hex(canonicalJson({ tool, version, input: input ?? null }));
}

export interface ApprovalRequest {
  executionId: string;
  step: number;
  tool: string;
  toolVersion: string;
  input: unknown;
  inputSha256: string;
  policyVersion: number;
  decisionId: string;
  requestedBy: { type: string; id: string };
}

/** Approvals of held tool calls: single-use, expiring, never decided by the requester. */
@Injectable()
export class AiApprovalsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly outbox: Outbox,
    private readonly config: AiToolsConfig,
  ) {}

  private get approvals() {
    return this.txHost.tx.getRepository(AiApproval);
  }

  async request(workspaceId: string, call: ApprovalRequest): Promise<AiApproval> {
    const now = new Date();
    const approval: AiApproval = {
      workspaceId,
      id: newId(),
      executionId: call.executionId,
      step: call.step,
      tool: call.tool,
      toolVersion: call.toolVersion,
      inputSha256: call.inputSha256,
      callSha256: callSha256(call.tool, call.toolVersion, call.input),
      policyVersion: call.policyVersion,
      decisionId: call.decisionId,
      status: 'pending',
      requestedByType: call.requestedBy.type,
      requestedById: call.requestedBy.id,
      decidedByType: null,
      decidedById: null,
      decidedAt: null,
      expiresAt: new Date(now.getTime() + this.config.AI_APPROVAL_TTL_MINUTES * 60_000),
      createdAt: now,
    };
    await insertRows(this.txHost.tx, AiApproval, approval);
    await this.outbox.publish(workspaceId, {
      type: 'ai.approval.requested',
      version: AI_TOOLS_EVENT_VERSION,
      data: { approval: ApprovalResponse.of(approval, now) },
    });
    return approval;
  }

  async get(workspaceId: string, approvalId: string): Promise<AiApproval> {
    const approval = await this.approvals.findOneBy({ workspaceId, id: approvalId });
    if (!approval) throw approvalNotFound();
    return approval;
  }

  /** Newest first; `status` as the responses show it (a pending one past its time is `expired`). */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<AiApproval[]> {
    const query = this.approvals
      .createQueryBuilder('approval')
      .where('approval.workspace_id = :workspaceId', { workspaceId })
      .orderBy('approval.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('approval.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /**
   * Approves or rejects a pending approval, once: 403 APPROVAL_SELF for its
   * requester, 409 APPROVAL_DECIDED when it was decided already, 409
   * APPROVAL_EXPIRED past its time.
   */
  async decide(workspaceId: string, approvalId: string, approve: boolean): Promise<AiApproval> {
    const approval = await this.approvals
      .createQueryBuilder('approval')
      .where('approval.workspace_id = :workspaceId AND approval.id = :approvalId', { workspaceId, approvalId })
      .setLock('pessimistic_write')
      .getOne();
    if (!approval) throw approvalNotFound();
    const decider = actorReference(this.actors.actor);
    if (decider.type === approval.requestedByType && decider.id === approval.requestedById) {
      throw new DomainError(
        'APPROVAL_SELF',
        'A tool call is approved or rejected by someone other than who asked for it.',
      );
    }
    if (approval.status !== 'pending') {
      throw new DomainError(
        'APPROVAL_DECIDED',
        `The approval was already ${approval.status}; an approval is used once.`,
        {
          extensions: { approvalStatus: approval.status },
        },
      );
    }
    const now = new Date();
    if (approval.expiresAt <= now) {
      throw new DomainError('APPROVAL_EXPIRED', `The approval expired at ${approval.expiresAt.toISOString()}.`, {
        extensions: { expiresAt: approval.expiresAt.toISOString() },
      });
    }
    const decided: AiApproval = {
      ...approval,
      status: approve ? 'approved' : 'rejected',
      decidedByType: decider.type,
      decidedById: decider.id,
      decidedAt: now,
    };
    await this.txHost.tx.query(
      `UPDATE ai_approvals SET status = $3, decided_by_type = $4, decided_by_id = $5, decided_at = $6
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, approvalId, decided.status, decided.decidedByType, decided.decidedById, decided.decidedAt],
    );
    await this.outbox.publish(workspaceId, {
      type: 'ai.approval.decided',
      version: AI_TOOLS_EVENT_VERSION,
      data: { approval: ApprovalResponse.of(decided, now) },
    });
    return decided;
  }
}

function approvalNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No approval of this workspace has this id.');
}
