import { ApiProperty } from '@nestjs/swagger';
import { ReleaseArtifactDto } from '../../releases/dto/create-release.dto';
import { GateEvaluation } from '../gate-evaluation.entity';
import type { Outcome, Verdict } from '../evaluation-rules';

const SCALAR_OR_JSON = [
  { type: 'number' },
  { type: 'string' },
  { type: 'boolean' },
  { type: 'object' },
  { type: 'array', items: {} },
  { type: 'null' },
];

export class ThresholdResponse {
  /** @example "==" */
  operator: string;
  @ApiProperty({ oneOf: SCALAR_OR_JSON.slice(0, 3), example: 0 })
  pass: number | string | boolean;
  @ApiProperty({ oneOf: [...SCALAR_OR_JSON.slice(0, 3), { type: 'null' }], example: null })
  warn: number | string | boolean | null;
}

export class BaselineResponse {
  /** The median of the criterion's value in the last passing releases. @example 182 */
  median: number;
  /** How many releases it was drawn from. @example 3 */
  n: number;
  /** (value − median) / their standard deviation; null when they do not vary. @example 0.41 */
  zScore: number | null;
}

export class CriterionResultResponse {
  /** @example "tests-failures" */
  key: string;
  /** @example "No failing tests" */
  title: string;
  /** @example true */
  required: boolean;
  /** @example 2 */
  weight: number;
  /** `pass`, `warn`, `fail`, `not_measured` or `waived`. @example "fail" */
  outcome: Outcome;
  @ApiProperty({
    oneOf: SCALAR_OR_JSON,
    description: 'The fact read from the evidence; null when none was.',
    example: 3,
  })
  value: unknown;
  threshold: ThresholdResponse;
  /** Why, in words. @example "failures = 3, must be == 0 (junit from https://ci.example.com/keel/runs/4812)" */
  reason: string;
  /** The evidence it read. @example ["0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11"] */
  evidenceIds: string[];
  /** For a relative criterion with earlier passing releases. */
  baseline?: BaselineResponse;
  /** The value is more than 3 standard deviations from the baseline median, even if it passes. @example false */
  anomaly: boolean;
}

export class EvaluatedGateResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  id: string;
  /** @example "ci-cd" */
  key: string;
  /** @example 1 */
  version: number;
  /** @example "sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f" */
  contentHash: string;
}

export class EvaluatedReleaseResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  id: string;
  /** @example "keel-api" */
  product: string;
  /** @example "1.4.0-rc.1" */
  version: string;
  artifacts: ReleaseArtifactDto[];
}

/** The evaluation as signed: every field of EvaluationResponse but `signature`. */
export interface SignedEvaluation {
  id: string;
  gate: EvaluatedGateResponse;
  release: EvaluatedReleaseResponse;
  platform: string | null;
  verdict: Verdict;
  score: number;
  criteria: CriterionResultResponse[];
  evaluatedAt: string;
}

export class EvaluationResponse implements SignedEvaluation {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b31" */
  id: string;
  gate: EvaluatedGateResponse;
  release: EvaluatedReleaseResponse;
  /** The platform whose evidence it read; null: every platform's. @example null */
  platform: string | null;
  /** `pass`, `warn`, `fail` or `incomplete` (a required criterion not measured). @example "fail" */
  verdict: Verdict;
  /** 0–100, weighted: pass and waived count whole, warn half. @example 71.43 */
  score: number;
  criteria: CriterionResultResponse[];
  /** @example "2026-12-07T10:01:00.000Z" */
  evaluatedAt: string;
  /** Compact JWS (EdDSA) whose payload is this evaluation without `signature`; its key is in /.well-known/jwks.json. @example "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImtlZWwtdmVyZGljdCtqd3MifQ.eyJpZCI6Ii4uLiJ9.c2lnbmF0dXJl" */
  signature: string;

  static signed(evaluation: GateEvaluation, release: EvaluatedReleaseResponse): SignedEvaluation {
    return {
      id: evaluation.id,
      gate: {
        id: evaluation.gateId,
        key: evaluation.gateKey,
        version: evaluation.gateVersion,
        contentHash: evaluation.contentHash,
      },
      release,
      platform: evaluation.platform,
      verdict: evaluation.verdict,
      score: evaluation.score,
      criteria: evaluation.criteria,
      evaluatedAt: evaluation.evaluatedAt.toISOString(),
    };
  }

  static of(evaluation: GateEvaluation, release: EvaluatedReleaseResponse): EvaluationResponse {
    return { ...EvaluationResponse.signed(evaluation, release), signature: evaluation.signature };
  }
}

export class EvaluationListResponse {
  data: EvaluationResponse[];
  /** @example null */
  nextCursor: string | null;
}
