import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { EvidenceController } from './evidence/evidence.controller';
import { GatesController } from './gates/gates.controller';
import { PromotionsController } from './promotions/promotions.controller';
import { ReleaseGatesModule } from './release-gates.module';
import { ReleasesController } from './releases/releases.controller';
import { GateTemplatesController } from './templates/gate-templates.controller';
import { WaiversController } from './waivers/waivers.controller';

/** The release-gates routes. */
@Module({
  imports: [ReleaseGatesModule, TenancyModule],
  controllers: [
    GateTemplatesController,
    ReleasesController,
    EvidenceController,
    GatesController,
    EvaluationsController,
    WaiversController,
    PromotionsController,
  ],
})
export class ReleaseGatesHttpModule {}
