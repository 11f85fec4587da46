import { GateEvaluation } from './evaluations/gate-evaluation.entity';
import { EvidenceItem } from './evidence/evidence-item.entity';
import { Gate } from './gates/gate.entity';
import { GateVersion } from './gates/gate-version.entity';
import { ReleasePromotion } from './promotions/promotion.entity';
import { Release } from './releases/release.entity';
import { GateWaiver } from './waivers/gate-waiver.entity';
import type { SealedColumn } from '@keel/platform-crypto';
import { evidenceSealedColumn } from './evidence/evidence-sealing';
import { ReleaseGates1764000007000 } from '../migrations/1764000007000-release-gates';
import { EvidenceSealed1764000018800 } from '../migrations/1764000018800-evidence-sealed';

/** The release-gates context's tables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const releaseGatesEntities: Function[] = [
  Release,
  EvidenceItem,
  Gate,
  GateVersion,
  GateEvaluation,
  GateWaiver,
  ReleasePromotion,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const releaseGatesMigrations: Function[] = [ReleaseGates1764000007000, EvidenceSealed1764000018800];

/** Release gates' columns sealed under the master key, re-sealed by `crypto:rotate`. */
export const releaseGatesSealedColumns: SealedColumn[] = [evidenceSealedColumn];
