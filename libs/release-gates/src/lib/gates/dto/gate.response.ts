import { Gate } from '../gate.entity';
import { GateVersion } from '../gate-version.entity';
import { CriterionDto } from './gate.dto';

export class GateResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21" */
  id: string;
  /** @example "ci-cd" */
  key: string;
  /** @example "CI/CD" */
  name: string;
  /** @example "Every change is built and tested." */
  description: string | null;
  /** @example "S01" */
  fromTemplate: string | null;
  /** @example ["production"] */
  requiredFor: string[];
  /** @example false */
  allowWarn: boolean;
  /** The current version of the criteria; each change of them makes a new one. @example 1 */
  version: number;
  /** `sha256:<hex>` of the current criteria's canonical JSON. @example "sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f" */
  contentHash: string;
  criteria: CriterionDto[];
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-12-07T10:00:00.000Z" */
  updatedAt: string;

  static of(gate: Gate, version: GateVersion): GateResponse {
    return {
      id: gate.id,
      key: gate.key,
      name: gate.name,
      description: gate.description,
      fromTemplate: gate.fromTemplate,
      requiredFor: gate.requiredFor,
      allowWarn: gate.allowWarn,
      version: version.version,
      contentHash: version.contentHash,
      criteria: version.criteria,
      createdAt: gate.createdAt.toISOString(),
      updatedAt: gate.updatedAt.toISOString(),
    };
  }
}

export class GateListResponse {
  data: GateResponse[];
  /** @example null */
  nextCursor: string | null;
}
