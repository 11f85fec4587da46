import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { EvidenceService } from '../evidence/evidence.service';
import type { Criterion } from '../gates/criterion';
import { GatesService } from '../gates/gates.service';
import { RELEASE_GATES_EVENT_VERSION } from '../release-gates-events';
import { Release } from '../releases/release.entity';
import { ReleasesService } from '../releases/releases.service';
import { VerdictSigner } from '../signing/verdict-signer';
import { WaiversService } from '../waivers/waivers.service';
import { CreateEvaluationDto } from './dto/evaluation.dto';
import { EvaluatedReleaseResponse, EvaluationResponse } from './dto/evaluation.response';
import { evaluateCriterion, verdictOf, weightedScore } from './evaluation-rules';
import { GateEvaluation } from './gate-evaluation.entity';

/** Evaluations of releases against gates: measured, scored, signed and stored; in the tenant transaction. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly outbox: Outbox,
    private readonly releases: ReleasesService,
    private readonly gates: GatesService,
    private readonly evidence: EvidenceService,
    private readonly waivers: WaiversService,
    private readonly signer: VerdictSigner,
  ) {}

  private get evaluations() {
    return this.txHost.tx.getRepository(GateEvaluation);
  }

  async evaluate(workspaceId: string, releaseId: string, dto: CreateEvaluationDto): Promise<EvaluationResponse> {
    const release = await this.releases.get(workspaceId, releaseId);
    const { gate, version } = await this.gates.get(workspaceId, dto.gateId);
    const platform = dto.platform ?? null;
    const now = new Date();
    const watermark = await this.evidence.newestId(workspaceId, releaseId);
    const activeWaivers = await this.waivers.active(workspaceId, releaseId, gate.id, now);
    const criteria = [];
    for (const criterion of version.criteria) {
      const item = await this.evidence.newest(workspaceId, releaseId, criterion.evidenceType, platform);
      criteria.push(
        evaluateCriterion({
          criterion,
          evidence: item ?? undefined,
          earlierValues: criterion.relativeTo ? await this.earlierValues(workspaceId, release, gate.id, criterion) : [],
          waiver: activeWaivers.get(criterion.key),
          now,
        }),
      );
    }
    const evaluator = actorReference(this.actors.actor);
    const evaluation: GateEvaluation = {
      workspaceId,
      id: newId(),
      releaseId,
      gateId: gate.id,
      gateKey: gate.key,
      gateVersion: version.version,
      contentHash: version.contentHash,
      platform,
      verdict: verdictOf(criteria),
      score: weightedScore(criteria),
      criteria,
      evidenceWatermark: watermark,
      signature: '',
      evaluatedByType: evaluator.type,
      evaluatedById: evaluator.id,
      evaluatedAt: now,
    };
    const releaseView = evaluatedRelease(release);
    evaluation.signature = await this.signer.sign(EvaluationResponse.signed(evaluation, releaseView));
    await insertRows(this.txHost.tx, GateEvaluation, evaluation);
    await this.outbox.publish(workspaceId, {
      type: 'gate.evaluated',
      version: RELEASE_GATES_EVENT_VERSION,
      data: {
        evaluationId: evaluation.id,
        release: { id: release.id, product: release.product, version: release.version },
        gate: { id: gate.id, key: gate.key, version: version.version, contentHash: version.contentHash },
        verdict: evaluation.verdict,
        score: evaluation.score,
      },
    });
    return EvaluationResponse.of(evaluation, releaseView);
  }

  async get(workspaceId: string, evaluationId: string): Promise<EvaluationResponse> {
    const evaluation = await this.evaluations.findOneBy({ workspaceId, id: evaluationId });
    if (!evaluation) throw new DomainError('NOT_FOUND', 'No evaluation of this workspace has this id.');
    const release = await this.releases.get(workspaceId, evaluation.releaseId);
    return EvaluationResponse.of(evaluation, evaluatedRelease(release));
  }

  /** The release's evaluations, newest first. */
  async list(workspaceId: string, releaseId: string, limit: number, beforeId?: string): Promise<EvaluationResponse[]> {
    const release = await this.releases.get(workspaceId, releaseId);
    const query = this.evaluations
      .createQueryBuilder('evaluation')
      .where('evaluation.workspace_id = :workspaceId AND evaluation.release_id = :releaseId', {
        workspaceId,
        releaseId,
      })
      .orderBy('evaluation.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('evaluation.id < :beforeId', { beforeId });
    const view = evaluatedRelease(release);
    return (await query.getMany()).map((evaluation) => EvaluationResponse.of(evaluation, view));
  }

  /** The newest evaluation of the release against the gate, if any. */
  latest(workspaceId: string, releaseId: string, gateId: string): Promise<GateEvaluation | null> {
    return this.evaluations.findOne({ where: { workspaceId, releaseId, gateId }, order: { id: 'DESC' } });
  }

  /**
   * The criterion's numeric values in the last `window` earlier releases of
   * the same product whose newest evaluation against this gate passed, newest first.
   */
  private async earlierValues(
    workspaceId: string,
    release: Release,
    gateId: string,
    criterion: Criterion,
  ): Promise<number[]> {
    const window = criterion.relativeTo?.window ?? 0;
    const rows: { criteria: { key: string; value: unknown }[] }[] = await this.txHost.tx.query(
      `SELECT latest.criteria FROM (
         SELECT DISTINCT ON (evaluation.release_id) evaluation.release_id, evaluation.verdict, evaluation.criteria
           FROM gate_evaluations evaluation
           JOIN releases earlier ON earlier.workspace_id = evaluation.workspace_id AND earlier.id = evaluation.release_id
          WHERE evaluation.workspace_id = $1 AND evaluation.gate_id = $2 AND earlier.product = $3 AND earlier.id < $4
          ORDER BY evaluation.release_id DESC, evaluation.id DESC
       ) latest
       WHERE latest.verdict = 'pass'
       ORDER BY latest.release_id DESC
       LIMIT $5`,
      [workspaceId, gateId, release.product, release.id, window],
    );
    return rows
      .map((row) => row.criteria.find((result) => result.key === criterion.key)?.value)
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  }
}

function evaluatedRelease(release: Release): EvaluatedReleaseResponse {
  return { id: release.id, product: release.product, version: release.version, artifacts: release.artifacts };
}
