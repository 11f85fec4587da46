import { PrincipalResponse } from '../../policy/dto/policy.response';
import type { AiDecision } from '../ai-decision.entity';

export class DecisionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c01" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c00" */
  executionId: string | null;
  /** @example 1 */
  step: number | null;
  /** @example "projects.transition" */
  tool: string;
  /** sha256 of the input's canonical JSON; the input itself is never kept here. @example "4f9d1c0b8a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c" */
  inputSha256: string;
  principal: PrincipalResponse;
  /** The policy version in force; null when the workspace had none. @example 1 */
  policyVersion: number | null;
  /** `permit`, `forbid`, `require_approval`, or `deny` (nothing permitted it, or a permission or budget refused it). @example "forbid" */
  effect: string;
  /** @example ["no-cancelling"] */
  matchedRules: string[];
  /** @example "projects.transition is forbidden by rule no-cancelling." */
  reason: string;
  /** @example "2026-12-07T10:00:00.000Z" */
  at: string;

  static of(decision: AiDecision): DecisionResponse {
    return {
      id: decision.id,
      executionId: decision.executionId,
      step: decision.step,
      tool: decision.tool,
      inputSha256: decision.inputSha256,
      principal: decision.principal,
      policyVersion: decision.policyVersion,
      effect: decision.effect,
      matchedRules: decision.matchedRules,
      reason: decision.reason,
      at: decision.at.toISOString(),
    };
  }
}

export class DecisionListResponse {
  data: DecisionResponse[];
  /** @example null */
  nextCursor: string | null;
}
