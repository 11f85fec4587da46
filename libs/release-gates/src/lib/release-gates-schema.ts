import { GateEvaluation } from './evaluations/gate-evaluation.entity';
import { EvidenceItem } from './evidence/evidence-item.entity';
import { Gate } from './gates/gate.entity';
import { GateVersion } from './gates/gate-version.entity';
import { ReleasePromotion } from './promotions/promotion.entity';
import { Release } from './releases/release.entity';
import { GateWaiver } from './waivers/gate-waiver.entity';
import { ReleaseGates1764000007000 } from '../migrations/1764000007000-release-gates';

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
export const releaseGatesMigrations: Function[] = [ReleaseGates1764000007000];
