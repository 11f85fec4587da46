import { ActorReferenceResponse } from '@keel/identity';
import { ReleasePromotion } from '../promotion.entity';

export class PromotionGateCheckResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  gateId: string;
  /** @example "ci-cd" */
  key: string;
  /** The gate version the decision read. @example 1 */
  version: number;
  /** @example "sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f" */
  contentHash: string;
  /** The latest evaluation it read; null when there was none. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b31" */
  evaluationId: string | null;
  /** @example "pass" */
  verdict: string | null;
  /** @example true */
  met: boolean;
  /** @example "the latest evaluation (version 1) passed" */
  reason: string;
}

export class PromotionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b51" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  releaseId: string;
  /** @example "staging" */
  stage: string;
  /** @example true */
  allowed: boolean;
  /** Every gate required for the stage, as the decision read it. */
  gates: PromotionGateCheckResponse[];
  decidedBy: ActorReferenceResponse | null;
  /** @example "2026-12-07T10:05:00.000Z" */
  createdAt: string;

  static of(promotion: ReleasePromotion): PromotionResponse {
    return {
      id: promotion.id,
      releaseId: promotion.releaseId,
      stage: promotion.stage,
      allowed: promotion.allowed,
      gates: promotion.gates,
      decidedBy: ActorReferenceResponse.of(promotion.decidedByType, promotion.decidedById),
      createdAt: promotion.createdAt.toISOString(),
    };
  }
}

export class PromotionListResponse {
  data: PromotionResponse[];
  /** @example null */
  nextCursor: string | null;
}
