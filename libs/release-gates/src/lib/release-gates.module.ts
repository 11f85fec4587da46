import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { TenancyModule } from '@keel/tenancy';
import { EvaluationsService } from './evaluations/evaluations.service';
import { EvidenceService } from './evidence/evidence.service';
import { GatesService } from './gates/gates.service';
import { PromotionsService } from './promotions/promotions.service';
import { RELEASE_GATES_EVENT_DEFINITIONS } from './release-gates-events';
import { ReleasesService } from './releases/releases.service';
import { VerdictSigner } from './signing/verdict-signer';
import { WaiversService } from './waivers/waivers.service';

const SERVICES = [
  ReleasesService,
  EvidenceService,
  GatesService,
  EvaluationsService,
  WaiversService,
  PromotionsService,
  VerdictSigner,
];

/**
 * Release gates: releases and their artifacts, hash-chained evidence, gates
 * with immutable versions, signed evaluations, waivers and promotions. The
 * routes are ReleaseGatesHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ReleaseGatesModule implements OnModuleInit {
  constructor(private readonly catalog: EventCatalog) {}

  onModuleInit(): void {
    this.catalog.register(...RELEASE_GATES_EVENT_DEFINITIONS);
  }
}
