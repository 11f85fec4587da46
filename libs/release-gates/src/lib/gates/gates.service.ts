import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError, FieldError } from '@keel/platform-errors';
import { gateTemplate } from '../templates/gate-templates';
import { CreateGateDto, UpdateGateDto } from './dto/gate.dto';
import { Gate } from './gate.entity';
import { GateVersion } from './gate-version.entity';
import { contentHashOf, CriterionDraft, criteriaProblems, normalizedCriteria } from './gate-validation';

export interface GateWithVersion {
  gate: Gate;
  version: GateVersion;
}

/** Gates of a workspace and their immutable versions; in its tenant transaction. */
@Injectable()
export class GatesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: string, dto: CreateGateDto): Promise<GateWithVersion> {
    const problems: FieldError[] = [];
    let drafts: CriterionDraft[] = dto.criteria;
    if (dto.fromTemplate !== undefined) {
      const template = gateTemplate(dto.fromTemplate);
      if (!template) {
        problems.push({
          path: '$.fromTemplate',
          field: 'fromTemplate',
          rule: 'template',
          message: `"${dto.fromTemplate}" is not a built-in template (S00–S11, GET /v1/gate-templates)`,
        });
      } else if (drafts.length === 0) {
        drafts = template.criteria;
      }
    }
    if (drafts.length === 0 && problems.length === 0) {
      problems.push({
        path: '$.criteria',
        field: 'criteria',
        rule: 'criteria',
        message: 'a gate needs at least one criterion',
      });
    }
    problems.push(...criteriaProblems(drafts));
    if (problems.length > 0) throw gateInvalid(problems);
    await this.assertKeyFree(workspaceId, dto.key);
    const now = new Date();
    const gate: Gate = {
      workspaceId,
      id: newId(),
      key: dto.key,
      name: dto.name,
      description: dto.description ?? null,
      fromTemplate: dto.fromTemplate ?? null,
      requiredFor: [...new Set(dto.requiredFor ?? [])],
      allowWarn: dto.allowWarn ?? false,
      version: 1,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await insertRows(this.txHost.tx, Gate, gate);
    const version = await this.addVersion(workspaceId, gate.id, 1, drafts);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'gate.created',
      target: { type: 'gate', id: gate.id },
      data: { key: gate.key, version: 1, contentHash: version.contentHash },
    });
    return { gate, version };
  }

  async get(workspaceId: string, gateId: string): Promise<GateWithVersion> {
    const gate = await this.txHost.tx.getRepository(Gate).findOneBy({ workspaceId, id: gateId });
    if (!gate || gate.deletedAt) throw new DomainError('NOT_FOUND', 'No gate of this workspace has this id.');
    return { gate, version: await this.version(workspaceId, gate.id, gate.version) };
  }

  async version(workspaceId: string, gateId: string, version: number): Promise<GateVersion> {
    const found = await this.txHost.tx.getRepository(GateVersion).findOneBy({ workspaceId, gateId, version });
    if (!found) throw new Error(`Gate ${gateId} has no version ${version}.`);
    return found;
  }

  /** Newest first, deleted gates left out. */
  async list(workspaceId: string, limit: number, beforeId?: string): Promise<GateWithVersion[]> {
    const query = this.txHost.tx
      .getRepository(Gate)
      .createQueryBuilder('gate')
      .where('gate.workspace_id = :workspaceId AND gate.deleted_at IS NULL', { workspaceId })
      .orderBy('gate.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('gate.id < :beforeId', { beforeId });
    const gates = await query.getMany();
    return Promise.all(
      gates.map(async (gate) => ({ gate, version: await this.version(workspaceId, gate.id, gate.version) })),
    );
  }

  /** The live gates required for `stage`. */
  async requiredFor(workspaceId: string, stage: string): Promise<GateWithVersion[]> {
    const gates = await this.txHost.tx
      .getRepository(Gate)
      .createQueryBuilder('gate')
      .where('gate.workspace_id = :workspaceId AND gate.deleted_at IS NULL', { workspaceId })
      .andWhere('gate.required_for @> CAST(:stage AS jsonb)', { stage: JSON.stringify([stage]) })
      .orderBy('gate.key', 'ASC')
      .getMany();
    return Promise.all(
      gates.map(async (gate) => ({ gate, version: await this.version(workspaceId, gate.id, gate.version) })),
    );
  }

  async update(workspaceId: string, gateId: string, dto: UpdateGateDto): Promise<GateWithVersion> {
    const current = await this.get(workspaceId, gateId);
    const { gate } = current;
    let version = current.version;
    if (dto.criteria !== undefined) {
      const problems =
        dto.criteria.length === 0
          ? [
              {
                path: '$.criteria',
                field: 'criteria',
                rule: 'criteria',
                message: 'a gate needs at least one criterion',
              },
            ]
          : criteriaProblems(dto.criteria);
      if (problems.length > 0) throw gateInvalid(problems);
      if (contentHashOf(normalizedCriteria(dto.criteria)) !== version.contentHash) {
        version = await this.addVersion(workspaceId, gate.id, gate.version + 1, dto.criteria);
      }
    }
    const next: Gate = {
      ...gate,
      name: dto.name ?? gate.name,
      description: dto.description !== undefined ? dto.description : gate.description,
      requiredFor: dto.requiredFor !== undefined ? [...new Set(dto.requiredFor)] : gate.requiredFor,
      allowWarn: dto.allowWarn ?? gate.allowWarn,
      version: version.version,
      updatedAt: new Date(),
    };
    await this.txHost.tx.query(
      `UPDATE gates SET key = $3, name = $4, description = $5, required_for = $6::jsonb, allow_warn = $7,
              version = $8, updated_at = $9
        WHERE workspace_id = $1 AND id = $2`,
      [
        workspaceId,
        gateId,
        next.key,
        next.name,
        next.description,
        JSON.stringify(next.requiredFor),
        next.allowWarn,
        next.version,
        next.updatedAt,
      ],
    );
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'gate.updated',
      target: { type: 'gate', id: gateId },
      data: { key: next.key, version: next.version, contentHash: version.contentHash },
    });
    return { gate: next, version };
  }

  /** Hides the gate; its versions stay, for the evaluations and promotions that read them. */
  async delete(workspaceId: string, gateId: string): Promise<void> {
    const { gate } = await this.get(workspaceId, gateId);
    await this.txHost.tx.query('UPDATE gates SET deleted_at = now() WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      gateId,
    ]);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'gate.deleted',
      target: { type: 'gate', id: gateId },
      data: { key: gate.key },
    });
  }

  private async addVersion(
    workspaceId: string,
    gateId: string,
    number: number,
    drafts: readonly CriterionDraft[],
  ): Promise<GateVersion> {
    const criteria = normalizedCriteria(drafts);
    const creator = actorReference(this.actors.actor);
    const version: GateVersion = {
      workspaceId,
      id: newId(),
      gateId,
      version: number,
      criteria,
      contentHash: contentHashOf(criteria),
      createdByType: creator.type,
      createdById: creator.id,
      createdAt: new Date(),
    };
    await insertRows(this.txHost.tx, GateVersion, version);
    return version;
  }

  private async assertKeyFree(workspaceId: string, key: string): Promise<void> {
    const taken: unknown[] = await this.txHost.tx.query(
      'SELECT 1 FROM gates WHERE workspace_id = $1 AND key = $2 AND deleted_at IS NULL',
      [workspaceId, key],
    );
    if (taken.length > 0) {
      throw new DomainError('GATE_KEY_TAKEN', `Another gate of this workspace has the key "${key}".`, {
        errors: [{ path: '$.key', field: 'key', rule: 'unique', message: 'another gate has this key' }],
      });
    }
  }
}

function gateInvalid(errors: FieldError[]): DomainError {
  return new DomainError('GATE_INVALID', `The gate has ${errors.length} problem(s); see errors.`, { errors });
}
