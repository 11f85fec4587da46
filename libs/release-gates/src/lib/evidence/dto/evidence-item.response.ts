import { ActorReferenceResponse } from '@keel/identity';
import { EvidenceItem } from '../evidence-item.entity';

export class EvidenceItemResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  releaseId: string;
  /** @example "junit" */
  type: string;
  /** @example "linux/amd64" */
  platform: string | null;
  /** @example "https://ci.example.com/keel/runs/4812" */
  source: string | null;
  /** @example "2026-12-07T09:58:00.000Z" */
  collectedAt: string;
  /** SHA-256 of the uploaded bytes, hex. @example "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef" */
  sha256: string;
  /** @example 18234 */
  sizeBytes: number;
  /** What was parsed from it; criteria read these by path. @example {"tests":412,"failures":0,"errors":0,"skipped":3,"passRate":1,"durationSeconds":81.4,"failingTests":[]} */
  facts: Record<string, unknown>;
  /** The chain hash of the release's previous item; null for the first. @example null */
  previousHash: string | null;
  /** This item's chain hash. @example "9a0c3e5d1f7b2a4c6e8d0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c" */
  chainHash: string;
  uploadedBy: ActorReferenceResponse | null;
  /** @example "2026-12-07T10:00:03.000Z" */
  createdAt: string;

  static of(item: EvidenceItem): EvidenceItemResponse {
    return {
      id: item.id,
      releaseId: item.releaseId,
      type: item.type,
      platform: item.platform,
      source: item.source,
      collectedAt: item.collectedAt.toISOString(),
      sha256: item.sha256,
      sizeBytes: item.sizeBytes,
      facts: item.facts,
      previousHash: item.previousHash,
      chainHash: item.chainHash,
      uploadedBy: ActorReferenceResponse.of(item.uploadedByType, item.uploadedById),
      createdAt: item.createdAt.toISOString(),
    };
  }
}

export class EvidenceChainResponse {
  /** Every item's bytes still have its SHA-256 and every link names its predecessor's hash. @example true */
  verified: boolean;
  /** @example 3 */
  length: number;
  /** The newest item's chain hash. @example "9a0c3e5d1f7b2a4c6e8d0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c" */
  head: string | null;
  /** The first item that does not verify. @example null */
  brokenAt: string | null;
  /** @example null */
  reason: string | null;
}

/** Every evidence item of the release, oldest first (the chain's order), and whether the chain verifies. */
export class EvidenceListResponse {
  data: EvidenceItemResponse[];
  chain: EvidenceChainResponse;
}
