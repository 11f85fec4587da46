import { ActorReferenceResponse } from '@keel/identity';
import { GateWaiver, WaiverStatus } from '../gate-waiver.entity';

export class WaiverResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b41" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  releaseId: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  gateId: string;
  /** @example "line-coverage" */
  criterion: string;
  /** @example "Coverage drops while the old importer is removed; back above 80 % in 1.4.1." */
  reason: string;
  /** @example "2030-01-31T00:00:00.000Z" */
  expiresAt: string;
  /** `pending`, `approved` or `rejected`. @example "pending" */
  status: WaiverStatus;
  requestedBy: ActorReferenceResponse | null;
  decidedBy: ActorReferenceResponse | null;
  /** @example null */
  decidedAt: string | null;
  /** @example "2026-12-07T10:02:00.000Z" */
  createdAt: string;

  static of(waiver: GateWaiver): WaiverResponse {
    return {
      id: waiver.id,
      releaseId: waiver.releaseId,
      gateId: waiver.gateId,
      criterion: waiver.criterion,
      reason: waiver.reason,
      expiresAt: waiver.expiresAt.toISOString(),
      status: waiver.status,
      requestedBy: ActorReferenceResponse.of(waiver.requestedByType, waiver.requestedById),
      decidedBy: ActorReferenceResponse.of(waiver.decidedByType, waiver.decidedById),
      decidedAt: waiver.decidedAt?.toISOString() ?? null,
      createdAt: waiver.createdAt.toISOString(),
    };
  }
}

export class WaiverListResponse {
  data: WaiverResponse[];
  /** @example null */
  nextCursor: string | null;
}
