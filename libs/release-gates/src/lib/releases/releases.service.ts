import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { insertRows, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { RELEASE_GATES_EVENT_VERSION } from '../release-gates-events';
import { CreateReleaseDto } from './dto/create-release.dto';
import { ReleaseResponse } from './dto/release.response';
import { Release } from './release.entity';

/** Releases of a workspace and their artifact ledger; in its tenant transaction. */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
  ) {}

  async create(workspaceId: string, dto: CreateReleaseDto): Promise<Release> {
    const taken = await this.txHost.tx
      .getRepository(Release)
      .existsBy({ workspaceId, product: dto.product, version: dto.version });
    if (taken) throw releaseExists(dto);
    const creator = actorReference(this.actors.actor);
    const release: Release = {
      workspaceId,
      id: newId(),
      product: dto.product,
      version: dto.version,
      commit: dto.commit ?? null,
      artifacts: dto.artifacts.map(({ platform, digest }) => ({ platform, digest })),
      createdByType: creator.type,
      createdById: creator.id,
      createdAt: new Date(),
    };
    try {
      await insertRows(this.txHost.tx, Release, release);
    } catch (error) {
      if (isUniqueViolation(error)) throw releaseExists(dto);
      throw error;
    }
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'release.created',
      target: { type: 'release', id: release.id },
      data: { product: release.product, version: release.version, artifacts: release.artifacts.length },
    });
    await this.outbox.publish(workspaceId, {
      type: 'release.created',
      version: RELEASE_GATES_EVENT_VERSION,
      data: { release: ReleaseResponse.of(release) },
    });
    return release;
  }

  async get(workspaceId: string, releaseId: string): Promise<Release> {
    const release = await this.txHost.tx.getRepository(Release).findOneBy({ workspaceId, id: releaseId });
    if (!release) throw new DomainError('NOT_FOUND', 'No release of this workspace has this id.');
    return release;
  }

  /** The release, locked until the transaction ends: evidence appends to its chain one at a time. */
  async lock(workspaceId: string, releaseId: string): Promise<Release> {
    const release = await this.txHost.tx
      .getRepository(Release)
      .createQueryBuilder('release')
      .where('release.workspace_id = :workspaceId AND release.id = :releaseId', { workspaceId, releaseId })
      .setLock('pessimistic_write')
      .getOne();
    if (!release) throw new DomainError('NOT_FOUND', 'No release of this workspace has this id.');
    return release;
  }

  /** Newest first. */
  list(workspaceId: string, limit: number, product?: string, beforeId?: string): Promise<Release[]> {
    const query = this.txHost.tx
      .getRepository(Release)
      .createQueryBuilder('release')
      .where('release.workspace_id = :workspaceId', { workspaceId })
      .orderBy('release.id', 'DESC')
      .limit(limit + 1);
    if (product !== undefined) query.andWhere('release.product = :product', { product });
    if (beforeId) query.andWhere('release.id < :beforeId', { beforeId });
    return query.getMany();
  }
}

function releaseExists(dto: CreateReleaseDto): DomainError {
  return new DomainError('RELEASE_EXISTS', `${dto.product} ${dto.version} is already registered in this workspace.`, {
    errors: [{ field: 'version', path: '$.version', rule: 'unique', message: 'this product already has this version' }],
  });
}
