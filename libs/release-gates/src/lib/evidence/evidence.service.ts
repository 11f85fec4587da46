import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { SecretBox } from '@keel/platform-crypto';
import { DomainError } from '@keel/platform-errors';
import { ReleasesService } from '../releases/releases.service';
import { ReleaseGatesConfig } from '../release-gates-config';
import { chainHashOf, ChainCheck, verifyChain } from './evidence-chain';
import { evidenceAssociatedData } from './evidence-sealing';
import { EvidenceItem } from './evidence-item.entity';
import { EvidenceFieldsDto } from './dto/upload-evidence.dto';
import { EvidenceUnparseable, parseEvidence } from './parsers';

/** The evidence of releases: parsed, stored with its bytes, hash-chained per release; in the tenant transaction. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly releases: ReleasesService,
    private readonly config: ReleaseGatesConfig,
    private readonly secretBox: SecretBox,
  ) {}

  /** Refuses bytes over EVIDENCE_MAX_BYTES with 413, before anything is parsed. */
  assertSize(sizeBytes: number): void {
    if (sizeBytes > this.config.EVIDENCE_MAX_BYTES) throw tooLarge(this.config.EVIDENCE_MAX_BYTES);
  }

  get maxBytes(): number {
    return this.config.EVIDENCE_MAX_BYTES;
  }

  async upload(
    workspaceId: string,
    releaseId: string,
    fields: EvidenceFieldsDto,
    content: Buffer,
  ): Promise<EvidenceItem> {
    this.assertSize(content.length);
    // Locked first: one append at a time per release, so each item names the true previous one.
    const release = await this.releases.lock(workspaceId, releaseId);
    let facts: Record<string, unknown>;
    try {
      facts = parseEvidence(fields.type, content).facts;
    } catch (error) {
      if (error instanceof EvidenceUnparseable) {
        throw new DomainError(
          'EVIDENCE_UNPARSEABLE',
          `The file does not parse as ${fields.type}: ${error.reason}${error.line !== undefined ? ` (line ${error.line})` : ''}.`,
          { extensions: { reason: error.reason, ...(error.line !== undefined ? { line: error.line } : {}) } },
        );
      }
      throw error;
    }
    if (fields.type === 'attestation') {
      const subjects = Array.isArray(facts['subjectDigests']) ? (facts['subjectDigests'] as unknown[]) : [];
      const digests = new Set(release.artifacts.map((artifact) => artifact.digest));
      if (!subjects.some((subject) => typeof subject === 'string' && digests.has(subject))) {
        throw new DomainError(
          'EVIDENCE_SUBJECT_MISMATCH',
          "The attestation's subjects name none of the release's artifact digests.",
          { extensions: { subjectDigests: subjects.slice(0, 32) } },
        );
      }
    }
    const previous = await this.txHost.tx
      .getRepository(EvidenceItem)
      .createQueryBuilder('item')
      .select(['item.id', 'item.chainHash'])
      .where('item.workspace_id = :workspaceId AND item.release_id = :releaseId', { workspaceId, releaseId })
      .orderBy('item.id', 'DESC')
      .limit(1)
      .getOne();
    const uploader = actorReference(this.actors.actor);
    const now = new Date();
    const link = {
      id: newId(),
      releaseId,
      type: fields.type,
      platform: fields.platform ?? null,
      source: fields.source ?? null,
      collectedAt: fields.collectedAt ? new Date(fields.collectedAt) : now,
      sha256: createHash('sha256').update(content).digest('hex'),
      sizeBytes: content.length,
      uploadedBy: `${uploader.type}:${uploader.id}`,
      previousHash: previous?.chainHash ?? null,
    };
    const item: EvidenceItem = {
      workspaceId,
      id: link.id,
      releaseId,
      type: link.type,
      platform: link.platform,
      source: link.source,
      collectedAt: link.collectedAt,
      sha256: link.sha256,
      sizeBytes: link.sizeBytes,
      content: null,
      contentSealed: this.secretBox.seal(content, evidenceAssociatedData(workspaceId, link.id)),
      facts,
      previousHash: link.previousHash,
      chainHash: chainHashOf(link),
      uploadedByType: uploader.type,
      uploadedById: uploader.id,
      createdAt: now,
    };
    await insertRows(this.txHost.tx, EvidenceItem, item);
    return item;
  }

  /**
   * Every item of the release, oldest first, and the check of its chain:
   * each item's bytes opened and re-hashed (those stored before sealing,
   * re-hashed by PostgreSQL). Bytes that no longer open — changed, or moved
   * from another item — hash to nothing, so the chain breaks there.
   */
  async list(workspaceId: string, releaseId: string): Promise<{ items: EvidenceItem[]; chain: ChainCheck }> {
    await this.releases.get(workspaceId, releaseId);
    const { entities, raw } = await this.txHost.tx
      .getRepository(EvidenceItem)
      .createQueryBuilder('item')
      .addSelect('item.content_sealed', 'content_sealed')
      .addSelect("encode(sha256(item.content), 'hex')", 'plain_content_sha256')
      .where('item.workspace_id = :workspaceId AND item.release_id = :releaseId', { workspaceId, releaseId })
      .orderBy('item.id', 'ASC')
      .getRawAndEntities<{ content_sealed: string | null; plain_content_sha256: string | null }>();
    const chain = verifyChain(
      entities.map((item, index) => ({
        ...item,
        uploadedBy: item.uploadedByType && item.uploadedById ? `${item.uploadedByType}:${item.uploadedById}` : null,
        contentSha256: this.contentSha256(workspaceId, item.id, raw[index]),
      })),
    );
    return { items: entities, chain };
  }

  private contentSha256(
    workspaceId: string,
    itemId: string,
    stored: { content_sealed: string | null; plain_content_sha256: string | null } | undefined,
  ): string {
    if (!stored?.content_sealed) return stored?.plain_content_sha256 ?? '';
    try {
      const content = this.secretBox.open(stored.content_sealed, evidenceAssociatedData(workspaceId, itemId));
      return createHash('sha256').update(content).digest('hex');
    } catch {
      return '';
    }
  }

  /** The newest item of `type` for the release (of `platform` or of none, when a platform is given), facts included. */
  newest(workspaceId: string, releaseId: string, type: string, platform: string | null): Promise<EvidenceItem | null> {
    const query = this.txHost.tx
      .getRepository(EvidenceItem)
      .createQueryBuilder('item')
      .where('item.workspace_id = :workspaceId AND item.release_id = :releaseId AND item.type = :type', {
        workspaceId,
        releaseId,
        type,
      })
      .orderBy('item.id', 'DESC')
      .limit(1);
    if (platform !== null) query.andWhere('(item.platform = :platform OR item.platform IS NULL)', { platform });
    return query.getOne();
  }

  /** The id of the release's newest item, if any. */
  async newestId(workspaceId: string, releaseId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      'SELECT id FROM evidence_items WHERE workspace_id = $1 AND release_id = $2 ORDER BY id DESC LIMIT 1',
      [workspaceId, releaseId],
    );
    return rows[0]?.id ?? null;
  }
}

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `An evidence file may be at most ${maxBytes} bytes (EVIDENCE_MAX_BYTES).`,
  );
}
