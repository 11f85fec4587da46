import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { EvidenceService } from '../evidence/evidence.service';
import { GatesService } from '../gates/gates.service';
import { RELEASE_GATES_EVENT_VERSION } from '../release-gates-events';
import { ReleasesService } from '../releases/releases.service';
import { PromotionResponse } from './dto/promotion.response';
import { gateStanding } from './promotion-checks';
import { PromotionGateCheck, ReleasePromotion } from './promotion.entity';

/** Promotion decisions: allowed only when every gate required for the stage is met; each one stored. */
@Injectable()
export class PromotionsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly releases: ReleasesService,
    private readonly gates: GatesService,
    private readonly evaluations: EvaluationsService,
    private readonly evidence: EvidenceService,
  ) {}

  /** Decides, stores the decision (allowed or denied) with the gate versions it read, and publishes it. */
  async promote(workspaceId: string, releaseId: string, stage: string): Promise<ReleasePromotion> {
    // Locked: evidence arriving meanwhile waits, so "no newer evidence" holds when the decision commits.
    const release = await this.releases.lock(workspaceId, releaseId);
    const newestEvidenceId = await this.evidence.newestId(workspaceId, releaseId);
    const checks: PromotionGateCheck[] = [];
    for (const { gate, version } of await this.gates.requiredFor(workspaceId, stage)) {
      const latest = await this.evaluations.latest(workspaceId, releaseId, gate.id);
      const { met, reason } = gateStanding({
        version: version.version,
        allowWarn: gate.allowWarn,
        latest: latest
          ? { version: latest.gateVersion, verdict: latest.verdict, evidenceWatermark: latest.evidenceWatermark }
          : null,
        newestEvidenceId,
      });
      checks.push({
        gateId: gate.id,
        key: gate.key,
        version: version.version,
        contentHash: version.contentHash,
        evaluationId: latest?.id ?? null,
        verdict: latest?.verdict ?? null,
        met,
        reason,
      });
    }
    const decider = actorReference(this.actors.actor);
    const promotion: ReleasePromotion = {
      workspaceId,
      id: newId(),
      releaseId,
      stage,
      allowed: checks.every((check) => check.met),
      gates: checks,
      decidedByType: decider.type,
      decidedById: decider.id,
      createdAt: new Date(),
    };
    await insertRows(this.txHost.tx, ReleasePromotion, promotion);
    await this.audit.recordInWorkspace(workspaceId, {
      action: promotion.allowed ? 'release.promoted' : 'promotion.denied',
      target: { type: 'release', id: releaseId },
      data: { stage, promotionId: promotion.id, unmet: checks.filter((check) => !check.met).map((check) => check.key) },
    });
    await this.outbox.publish(workspaceId, {
      type: promotion.allowed ? 'release.promoted' : 'promotion.denied',
      version: RELEASE_GATES_EVENT_VERSION,
      data: {
        promotion: {
          id: promotion.id,
          release: { id: release.id, product: release.product, version: release.version },
          stage,
          allowed: promotion.allowed,
          gates: checks,
        },
      },
    });
    return promotion;
  }

  /** The release's promotion decisions, newest first. */
  async list(workspaceId: string, releaseId: string, limit: number, beforeId?: string): Promise<PromotionResponse[]> {
    await this.releases.get(workspaceId, releaseId);
    const query = this.txHost.tx
      .getRepository(ReleasePromotion)
      .createQueryBuilder('promotion')
      .where('promotion.workspace_id = :workspaceId AND promotion.release_id = :releaseId', { workspaceId, releaseId })
      .orderBy('promotion.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('promotion.id < :beforeId', { beforeId });
    return (await query.getMany()).map(PromotionResponse.of);
  }
}
