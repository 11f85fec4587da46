import { ActorReferenceResponse } from '@keel/identity';
import { ExecutionResponse } from '../../executions/dto/execution.response';
import type { AiApproval } from '../ai-approval.entity';

export class ApprovalResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2e01" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c00" */
  executionId: string;
  /** @example 2 */
  step: number;
  /** @example "projects.transition" */
  tool: string;
  /** @example "1" */
  toolVersion: string;
  /** @example "4f9d1c0b8a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c" */
  inputSha256: string;
  /** The policy version that asked for it: after a policy change, the call is decided again. @example 3 */
  policyVersion: number;
  /** `pending`, `approved`, `rejected` or `expired`. @example "pending" */
  status: string;
  requestedBy: ActorReferenceResponse;
  decidedBy: ActorReferenceResponse | null;
  /** @example null */
  decidedAt: string | null;
  /** @example "2026-12-07T10:15:00.000Z" */
  expiresAt: string;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;

  static of(approval: AiApproval, now = new Date()): ApprovalResponse {
    const expired = approval.status === 'pending' && approval.expiresAt <= now;
    return {
      id: approval.id,
      executionId: approval.executionId,
      step: approval.step,
      tool: approval.tool,
      toolVersion: approval.toolVersion,
      inputSha256: approval.inputSha256,
      policyVersion: approval.policyVersion,
      status: expired ? 'expired' : approval.status,
      requestedBy: { type: approval.requestedByType, id: approval.requestedById },
      decidedBy: ActorReferenceResponse.of(approval.decidedByType, approval.decidedById),
      decidedAt: approval.decidedAt?.toISOString() ?? null,
      expiresAt: approval.expiresAt.toISOString(),
      createdAt: approval.createdAt.toISOString(),
    };
  }
}

export class DecidedApprovalResponse extends ApprovalResponse {
  /** The execution after it resumed: the approved call ran (or was decided again), then the calls after it. */
  execution: ExecutionResponse;
}
