import { ActorReferenceResponse } from '@keel/identity';
import { Release } from '../release.entity';
import { ReleaseArtifactDto } from './create-release.dto';

export class ReleaseResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01" */
  id: string;
  /** @example "keel-api" */
  product: string;
  /** @example "1.4.0-rc.1" */
  version: string;
  /** @example "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39" */
  commit: string | null;
  artifacts: ReleaseArtifactDto[];
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  createdBy: ActorReferenceResponse | null;

  static of(release: Release): ReleaseResponse {
    return {
      id: release.id,
      product: release.product,
      version: release.version,
      commit: release.commit,
      artifacts: release.artifacts,
      createdAt: release.createdAt.toISOString(),
      createdBy: ActorReferenceResponse.of(release.createdByType, release.createdById),
    };
  }
}

export class ReleaseListResponse {
  data: ReleaseResponse[];
  /** @example null */
  nextCursor: string | null;
}
