import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { Readable } from 'node:stream';
import { Outbox } from '@keel/events';
import { ActorContext, actorReference } from '@keel/identity';
import { JobRunsService } from '@keel/jobs';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BlobStore } from '@keel/platform-storage';
import { DOCUMENTS_EVENT_VERSION } from '../documents-events';
import { DocumentsConfig } from '../documents-config';
import { INGEST_DOCUMENT_JOB } from '../ingestion/ingest-document-input';
import { Document, DocumentStatus } from './document.entity';
import { DocumentAccess } from './document-access';
import { DocumentFieldsDto, UpdateDocumentDto } from './dto/document-fields';
import type { DocumentMediaType } from './media-types';

export interface NewDocument {
  fields: DocumentFieldsDto;
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  mediaType: DocumentMediaType;
  fileName: string | null;
}

export interface DocumentFilter {
  status?: DocumentStatus;
  tag?: string;
  q?: string;
}

/** What events and webhooks say of a document. */
export function documentSummary(document: Document) {
  return {
    id: document.id,
    title: document.title,
    mediaType: document.mediaType,
    sizeBytes: Number(document.sizeBytes),
    sha256: document.sha256,
    status: document.status,
    visibility: document.visibility,
    chunkCount: document.chunkCount,
  };
}

/** Documents of a workspace; in its tenant transaction, as the caller (DocumentAccess). */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly access: DocumentAccess,
    private readonly actors: ActorContext,
    private readonly outbox: Outbox,
    private readonly jobs: JobRunsService,
    private readonly store: BlobStore,
    private readonly config: DocumentsConfig,
  ) {}

  private get documents() {
    return this.txHost.tx.getRepository(Document);
  }

  get maxBytes(): number {
    return this.config.DOCUMENT_MAX_BYTES;
  }

  /**
   * Records an uploaded document and queues its ingestion (the job and the
   * row commit together). The same bytes already in the workspace: that
   * document, `duplicate` — even one the caller may not see is not made twice,
   * but is then 409 DOCUMENT_EXISTS rather than shown.
   */
  async create(workspaceId: string, upload: NewDocument): Promise<{ document: Document; duplicate: boolean }> {
    await this.access.enterAsCaller();
    const existing = await this.documents.findOneBy({ workspaceId, sha256: upload.sha256 });
    if (existing) return { document: existing, duplicate: true };
    const visibility = upload.fields.visibility ?? 'workspace';
    const creator = this.actors.optional ? actorReference(this.actors.actor) : undefined;
    const now = new Date();
    const document: Document = {
      workspaceId,
      id: newId(),
      title: upload.fields.title ?? titleFrom(upload.fileName),
      fileName: upload.fileName,
      mediaType: upload.mediaType,
      sizeBytes: upload.sizeBytes,
      sha256: upload.sha256,
      blobKey: upload.blobKey,
      tags: dedupe(upload.fields.tags ?? []),
      visibility,
      allowedRoles: visibility === 'restricted' ? dedupe(upload.fields.allowedRoles ?? []) : [],
      status: 'queued',
      attempts: 0,
      maxAttempts: this.config.DOCUMENT_MAX_ATTEMPTS,
      lastErrorCode: null,
      lastErrorMessage: null,
      jobRunId: newId(),
      chunkCount: 0,
      pageCount: null,
      createdByType: creator?.type ?? null,
      createdById: creator?.id ?? null,
      createdAt: now,
      updatedAt: now,
      queuedAt: now,
      processingAt: null,
      extractedAt: null,
      indexedAt: null,
      failedAt: null,
    };
    // Two uploads of the same bytes at once: the second finds the first's row once it commits.
    const inserted: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO documents (workspace_id, id, title, file_name, media_type, size_bytes, sha256, blob_key, tags,
                              visibility, allowed_roles, status, attempts, max_attempts, job_run_id,
                              created_by_type, created_by_id, created_at, updated_at, queued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $15, $16, $17, $17, $17)
       ON CONFLICT (workspace_id, sha256) DO NOTHING RETURNING id`,
      [
        workspaceId,
        document.id,
        document.title,
        document.fileName,
        document.mediaType,
        document.sizeBytes,
        document.sha256,
        document.blobKey,
        document.tags,
        document.visibility,
        document.allowedRoles,
        document.status,
        document.maxAttempts,
        document.jobRunId,
        document.createdByType,
        document.createdById,
        now,
      ],
    );
    if (inserted.length === 0) {
      const other = await this.documents.findOneBy({ workspaceId, sha256: upload.sha256 });
      if (other) return { document: other, duplicate: true };
      throw new DomainError('DOCUMENT_EXISTS', 'The same bytes are already a document of this workspace.');
    }
    await this.jobs.start(
      workspaceId,
      INGEST_DOCUMENT_JOB,
      { documentId: document.id },
      document.jobRunId ?? undefined,
    );
    await this.outbox.publish(workspaceId, {
      type: 'document.uploaded',
      version: DOCUMENTS_EVENT_VERSION,
      data: { document: documentSummary(document) },
    });
    return { document, duplicate: false };
  }

  async get(workspaceId: string, documentId: string): Promise<Document> {
    await this.access.enterAsCaller();
    const document = await this.documents.findOneBy({ workspaceId, id: documentId });
    if (!document) throw new DomainError('NOT_FOUND', 'No document of this workspace has this id.');
    return document;
  }

  /** Newest first. */
  async list(workspaceId: string, filter: DocumentFilter, limit: number, beforeId?: string): Promise<Document[]> {
    await this.access.enterAsCaller();
    const query = this.documents
      .createQueryBuilder('document')
      .where('document.workspace_id = :workspaceId', { workspaceId })
      .orderBy('document.id', 'DESC')
      .limit(limit + 1);
    if (filter.status) query.andWhere('document.status = :status', { status: filter.status });
    if (filter.tag) query.andWhere(':tag = ANY(document.tags)', { tag: filter.tag });
    if (filter.q) {
      query.andWhere(`document.title ILIKE :pattern ESCAPE '\\'`, { pattern: `%${escapeLike(filter.q)}%` });
    }
    if (beforeId) query.andWhere('document.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The original bytes, for GET …/content. */
  async content(workspaceId: string, documentId: string): Promise<{ document: Document; stream: Readable }> {
    const document = await this.get(workspaceId, documentId);
    return { document, stream: await this.store.get(document.blobKey) };
  }

  /** Title, tags, visibility and allowed roles; a visibility change reaches the chunks in the same transaction. */
  async update(workspaceId: string, documentId: string, dto: UpdateDocumentDto): Promise<Document> {
    const document = await this.get(workspaceId, documentId);
    const visibility = dto.visibility ?? document.visibility;
    const changes: Partial<Document> = {
      title: dto.title ?? document.title,
      tags: dto.tags ? dedupe(dto.tags) : document.tags,
      visibility,
      allowedRoles: visibility === 'restricted' ? dedupe(dto.allowedRoles ?? document.allowedRoles) : [],
      updatedAt: new Date(),
    };
    await this.documents.update({ workspaceId, id: documentId }, changes);
    const titleChanged = changes.title !== document.title;
    await this.txHost.tx.query(
      `UPDATE document_chunks c
          SET visibility = $3, allowed_roles = $4,
              search_vector = CASE WHEN $5 THEN
                setweight(to_tsvector('english', $6), 'A')
                || setweight(to_tsvector('english', array_to_string(c.heading_path, ' ')), 'B')
                || setweight(to_tsvector('english', c.content), 'C')
              ELSE c.search_vector END
        WHERE c.workspace_id = $1 AND c.document_id = $2`,
      [workspaceId, documentId, changes.visibility, changes.allowedRoles, titleChanged, changes.title],
    );
    return { ...document, ...changes };
  }

  /** The document, its chunks (cascade) and its bytes; a second delete finds nothing (404). */
  async delete(workspaceId: string, documentId: string): Promise<void> {
    const document = await this.get(workspaceId, documentId);
    const result = await this.documents.delete({ workspaceId, id: documentId });
    if (result.affected !== 1) throw new DomainError('NOT_FOUND', 'No document of this workspace has this id.');
    await this.outbox.publish(workspaceId, {
      type: 'document.deleted',
      version: DOCUMENTS_EVENT_VERSION,
      data: { document: { id: document.id, title: document.title, sha256: document.sha256 } },
    });
    // Last: should it fail, the transaction rolls back and the document is still whole.
    await this.store.delete(document.blobKey);
  }

  /** Queues one document again, in a new round of attempts: 409 DOCUMENT_PROCESSING while it is queued or processing. */
  async reprocess(workspaceId: string, documentId: string): Promise<Document> {
    const document = await this.get(workspaceId, documentId);
    if (document.status === 'queued' || document.status === 'processing') {
      throw new DomainError(
        'DOCUMENT_PROCESSING',
        `The document is ${document.status} already; reprocess it once it ends.`,
      );
    }
    return this.requeue(document);
  }

  /** Queues again every `failed` (or `dead`) document the caller sees, or those of `ids`; how many. */
  async reprocessAll(workspaceId: string, status: 'failed' | 'dead', ids?: string[]): Promise<number> {
    await this.access.enterAsCaller();
    const query = this.documents
      .createQueryBuilder('document')
      .where('document.workspace_id = :workspaceId AND document.status = :status', { workspaceId, status })
      .setLock('pessimistic_write');
    if (ids) query.andWhere('document.id IN (:...ids)', { ids: ids.length > 0 ? ids : [newId()] });
    const documents = await query.getMany();
    for (const document of documents) await this.requeue(document);
    return documents.length;
  }

  private async requeue(document: Document): Promise<Document> {
    const now = new Date();
    const changes: Partial<Document> = {
      status: 'queued',
      attempts: 0,
      maxAttempts: this.config.DOCUMENT_MAX_ATTEMPTS,
      jobRunId: newId(),
      lastErrorCode: null,
      lastErrorMessage: null,
      queuedAt: now,
      processingAt: null,
      failedAt: null,
      updatedAt: now,
    };
    await this.documents.update({ workspaceId: document.workspaceId, id: document.id }, changes);
    await this.jobs.start(
      document.workspaceId,
      INGEST_DOCUMENT_JOB,
      { documentId: document.id },
      changes.jobRunId ?? undefined,
    );
    return { ...document, ...changes };
  }
}

function titleFrom(fileName: string | null): string {
  const base = (fileName ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]{1,8}$/, '')
    .trim();
  return base.length > 0 ? base.slice(0, 300) : 'Untitled document';
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
