import { ActorReferenceResponse } from '@keel/identity';
import type { AiPolicyVersion } from '../ai-policy-version.entity';
import { GuardrailSettingsDto, PolicyBudgetsDto, PolicyRuleDto } from './policy.dto';

export class PolicyResponse {
  /** 0 while the workspace has no policy (every call is denied). @example 1 */
  version: number;
  /** sha256 of the canonical JSON of `{rules, budgets}` (and `guardrails` when set); null with no policy. @example "sha256:9f2c1e0d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e" */
  contentHash: string | null;
  rules: PolicyRuleDto[];
  budgets: PolicyBudgetsDto;
  guardrails: GuardrailSettingsDto;
  updatedBy: ActorReferenceResponse | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  updatedAt: string | null;

  static of(policy: AiPolicyVersion | null): PolicyResponse {
    if (!policy)
      return {
        version: 0,
        contentHash: null,
        rules: [],
        budgets: {},
        guardrails: {},
        updatedBy: null,
        updatedAt: null,
      };
    return {
      version: policy.version,
      contentHash: policy.contentHash,
      rules: policy.rules,
      budgets: policy.budgets,
      guardrails: policy.guardrails ?? {},
      updatedBy: ActorReferenceResponse.of(policy.createdByType, policy.createdById),
      updatedAt: policy.createdAt.toISOString(),
    };
  }
}

export class PrincipalResponse {
  /** `user` or `api-key`. @example "user" */
  type: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  id: string | null;
  /** The member's role key; null for an API key. @example "member" */
  role: string | null;
}

export class SimulationResponse {
  /** `permit`, `forbid`, `require_approval`, or `deny` (nothing permits it, or the input or tool is unknown). @example "permit" */
  effect: string;
  /** @example ["read-for-all"] */
  matchedRules: string[];
  /** @example "projects.get is permitted by rule read-for-all." */
  reason: string;
  /** @example 1 */
  policyVersion: number;
  /** @example "projects.get" */
  tool: string;
  /** @example "4f9d1c0b8a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c" */
  inputSha256: string;
  principal: PrincipalResponse;
  /** The permission the tool needs (a call also needs the principal to hold it); null for an unknown tool. @example "projects:read" */
  permission: string | null;
}
