import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import type { ActiveWaiver } from '../evaluations/evaluation-rules';
import { GatesService } from '../gates/gates.service';
import { RELEASE_GATES_EVENT_VERSION } from '../release-gates-events';
import { ReleasesService } from '../releases/releases.service';
import { RequestWaiverDto } from './dto/waiver.dto';
import { WaiverResponse } from './dto/waiver.response';
import { GateWaiver } from './gate-waiver.entity';

/** Waivers of gate criteria for a release: requested by one member, decided by another; in the tenant transaction. */
@Injectable()
export class WaiversService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly releases: ReleasesService,
    private readonly gates: GatesService,
  ) {}

  private get waivers() {
    return this.txHost.tx.getRepository(GateWaiver);
  }

  async request(workspaceId: string, releaseId: string, dto: RequestWaiverDto): Promise<GateWaiver> {
    await this.releases.get(workspaceId, releaseId);
    const { version } = await this.gates.get(workspaceId, dto.gateId);
    if (!version.criteria.some((criterion) => criterion.key === dto.criterion)) {
      throw new DomainError('VALIDATION_FAILED', `The gate has no criterion "${dto.criterion}".`, {
        errors: [
          {
            field: 'criterion',
            path: '$.criterion',
            rule: 'criterion',
            message: "not a criterion of the gate's current version",
          },
        ],
      });
    }
    const expiresAt = new Date(dto.expiresAt);
    if (expiresAt.getTime() <= Date.now()) {
      throw new DomainError('VALIDATION_FAILED', 'A waiver must expire in the future.', {
        errors: [
          { field: 'expiresAt', path: '$.expiresAt', rule: 'future', message: 'expiresAt must be in the future' },
        ],
      });
    }
    const requester = actorReference(this.actors.actor);
    const waiver: GateWaiver = {
      workspaceId,
      id: newId(),
      releaseId,
      gateId: dto.gateId,
      criterion: dto.criterion,
      reason: dto.reason,
      expiresAt,
      status: 'pending',
      requestedByType: requester.type,
      requestedById: requester.id,
      decidedByType: null,
      decidedById: null,
      decidedAt: null,
      createdAt: new Date(),
    };
    await insertRows(this.txHost.tx, GateWaiver, waiver);
    await this.outbox.publish(workspaceId, {
      type: 'waiver.requested',
      version: RELEASE_GATES_EVENT_VERSION,
      data: { waiver: WaiverResponse.of(waiver) },
    });
    return waiver;
  }

  /** Approves or rejects a pending waiver; never by the one who asked for it. */
  async decide(workspaceId: string, waiverId: string, approve: boolean): Promise<GateWaiver> {
    const waiver = await this.waivers
      .createQueryBuilder('waiver')
      .where('waiver.workspace_id = :workspaceId AND waiver.id = :waiverId', { workspaceId, waiverId })
      .setLock('pessimistic_write')
      .getOne();
    if (!waiver) throw new DomainError('NOT_FOUND', 'No waiver of this workspace has this id.');
    const decider = actorReference(this.actors.actor);
    if (decider.type === waiver.requestedByType && decider.id === waiver.requestedById) {
      throw new DomainError(
        'WAIVER_SELF_APPROVAL',
        'A waiver is approved or rejected by someone other than who requested it.',
      );
    }
    if (waiver.status !== 'pending') {
      throw new DomainError('WAIVER_DECIDED', `The waiver was already ${waiver.status}.`, {
        extensions: { waiverStatus: waiver.status },
      });
    }
    const decided: GateWaiver = {
      ...waiver,
      status: approve ? 'approved' : 'rejected',
      decidedByType: decider.type,
      decidedById: decider.id,
      decidedAt: new Date(),
    };
    await this.txHost.tx.query(
      `UPDATE gate_waivers SET status = $3, decided_by_type = $4, decided_by_id = $5, decided_at = $6
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, waiverId, decided.status, decided.decidedByType, decided.decidedById, decided.decidedAt],
    );
    await this.audit.recordInWorkspace(workspaceId, {
      action: `waiver.${decided.status}`,
      target: { type: 'waiver', id: waiverId },
      data: { releaseId: waiver.releaseId, gateId: waiver.gateId, criterion: waiver.criterion },
    });
    await this.outbox.publish(workspaceId, {
      type: 'waiver.decided',
      version: RELEASE_GATES_EVENT_VERSION,
      data: { waiver: WaiverResponse.of(decided) },
    });
    return decided;
  }

  /** The release's waivers, newest first. */
  async list(workspaceId: string, releaseId: string, limit: number, beforeId?: string): Promise<GateWaiver[]> {
    await this.releases.get(workspaceId, releaseId);
    const query = this.waivers
      .createQueryBuilder('waiver')
      .where('waiver.workspace_id = :workspaceId AND waiver.release_id = :releaseId', { workspaceId, releaseId })
      .orderBy('waiver.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('waiver.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The approved, unexpired waivers of the release's criteria of the gate, by criterion key. */
  async active(workspaceId: string, releaseId: string, gateId: string, now: Date): Promise<Map<string, ActiveWaiver>> {
    const rows = await this.waivers
      .createQueryBuilder('waiver')
      .where('waiver.workspace_id = :workspaceId AND waiver.release_id = :releaseId AND waiver.gate_id = :gateId', {
        workspaceId,
        releaseId,
        gateId,
      })
      .andWhere("waiver.status = 'approved' AND waiver.expires_at > :now", { now })
      .orderBy('waiver.expires_at', 'ASC')
      .getMany();
    return new Map(
      rows.map((waiver) => [waiver.criterion, { id: waiver.id, expiresAt: waiver.expiresAt, reason: waiver.reason }]),
    );
  }
}
