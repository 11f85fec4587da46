import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { JobContext, JobHandler, JobRunEnd } from '@keel/jobs';
import { newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { BlobNotFoundError, BlobStore } from '@keel/platform-storage';
import { DocumentsConfig } from '../documents-config';
import { DOCUMENTS_EVENT_VERSION } from '../documents-events';
import { Document } from '../documents/document.entity';
import { DocumentAccess } from '../documents/document-access';
import { ChunkEmbeddings } from '../embeddings/chunk-embeddings';
import { EmbeddingsUnavailableError } from '../embeddings/embedding-provider';
import { documentSummary } from '../documents/documents.service';
import type { DocumentMediaType } from '../documents/media-types';
import { ChunkDraft, chunkSections } from './chunker';
import { extractSections } from './extractors';
import { INGEST_DOCUMENT_JOB, IngestDocumentInput } from './ingest-document-input';
import { IngestionMetrics } from './ingestion-metrics';
import { IngestionError } from './section';

const INSERT_BATCH = 200;
const MESSAGE_MAX_LENGTH = 2_000;

class IngestionStoppedError extends Error {
  constructor() {
    super('Ingestion was stopped before it finished.');
  }
}

/**
 * Ingests one document, as a job run (visible in the jobs ledger): extract →
 * normalise → chunk → index (→ embed, with an embeddings provider: a provider
 * failure fails the attempt as EMBEDDING_FAILED, retried like any other). The document says `processing` while an attempt
 * runs; its chunks are replaced and it becomes `indexed` in one transaction,
 * so an attempt cut off anywhere (a crash, a kill -9) leaves the previous
 * state whole and the retry indexes it exactly once. A failed attempt leaves
 * it `failed` with its reason while attempts remain (pg-boss retries with
 * backoff), then `dead`. A run that ends without this handler saying so (its
 * worker lost on the last attempt, a timeout) ends the document through
 * `ended`. The run of a reprocess replaces the document's `jobRunId`, and a
 * run that is no longer the document's changes nothing.
 */
@Injectable()
export class IngestDocumentJob implements JobHandler<IngestDocumentInput> {
  readonly type = INGEST_DOCUMENT_JOB;
  readonly timeoutSeconds = 900;
  readonly maxAttempts: number;
  private readonly logger = new Logger(IngestDocumentJob.name);

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
    private readonly access: DocumentAccess,
    private readonly outbox: Outbox,
    private readonly store: BlobStore,
    private readonly metrics: IngestionMetrics,
    private readonly config: DocumentsConfig,
    private readonly embeddings: ChunkEmbeddings,
  ) {
    this.maxAttempts = config.DOCUMENT_MAX_ATTEMPTS;
  }

  run(context: JobContext<IngestDocumentInput>): Promise<Record<string, unknown>> {
    return this.cls.run(async () => {
      const started = performance.now();
      const document = await this.inTenant(context.workspaceId, () => this.begin(context));
      if (!document) return { skipped: 'the document was deleted or reprocessed by another run' };
      const mediaType = document.mediaType;
      try {
        const result = await this.inTenant(context.workspaceId, () => this.index(context, document));
        this.observe(mediaType, 'indexed', started);
        this.metrics.chunks.inc({ media_type: mediaType }, result.chunks);
        return result;
      } catch (error) {
        if (context.signal.aborted) throw error;
        const final = context.attempt >= context.maxAttempts;
        const reason = reasonOf(error);
        await this.inTenant(context.workspaceId, () => this.recordFailure(context, reason, final));
        this.observe(mediaType, final ? 'dead' : 'failed', started);
        throw error;
      }
    });
  }

  /** The run ended failed or cancelled without the handler recording it: the document ends so too. */
  async ended(end: JobRunEnd<IngestDocumentInput>): Promise<void> {
    await this.access.enterAsSystem();
    const cancelled = end.status === 'cancelled';
    const result = await this.txHost.tx
      .createQueryBuilder()
      .update(Document)
      .set({
        status: cancelled ? 'failed' : 'dead',
        lastErrorCode: cancelled ? 'INGESTION_CANCELLED' : 'INGESTION_INTERRUPTED',
        lastErrorMessage: end.reason.slice(0, MESSAGE_MAX_LENGTH),
        failedAt: new Date(),
        updatedAt: new Date(),
      })
      .where('workspace_id = :workspaceId AND id = :id AND job_run_id = :runId', {
        workspaceId: end.workspaceId,
        id: end.input.documentId,
        runId: end.runId,
      })
      .andWhere(`status IN ('queued', 'processing', 'failed')`)
      .execute();
    if (result.affected === 1 && !cancelled) {
      const document = await this.txHost.tx
        .getRepository(Document)
        .findOneBy({ workspaceId: end.workspaceId, id: end.input.documentId });
      if (document) await this.publishFailed(document);
    }
  }

  private inTenant<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      await this.access.enterAsSystem();
      return work();
    });
  }

  /** Marks the attempt; null when the run is no longer the document's (deleted, reprocessed, finished). */
  private async begin(context: JobContext<IngestDocumentInput>): Promise<Document | null> {
    const result = await this.txHost.tx
      .createQueryBuilder()
      .update(Document)
      .set({ status: 'processing', attempts: context.attempt, processingAt: new Date(), updatedAt: new Date() })
      .where('workspace_id = :workspaceId AND id = :id AND job_run_id = :runId', {
        workspaceId: context.workspaceId,
        id: context.input.documentId,
        runId: context.runId,
      })
      .andWhere(`status IN ('queued', 'processing', 'failed')`)
      .execute();
    if (result.affected !== 1) return null;
    return this.txHost.tx
      .getRepository(Document)
      .findOneBy({ workspaceId: context.workspaceId, id: context.input.documentId });
  }

  /** Extract, chunk and index, in one transaction: the old chunks go, the new ones come, the document is indexed. */
  private async index(
    context: JobContext<IngestDocumentInput>,
    document: Document,
  ): Promise<{ chunks: number; pages: number }> {
    const { workspaceId } = context;
    const tx = this.txHost.tx;
    await tx.query(`DELETE FROM document_chunks WHERE workspace_id = $1 AND document_id = $2`, [
      workspaceId,
      document.id,
    ]);
    const open = async () => {
      try {
        return await this.store.get(document.blobKey);
      } catch (error) {
        if (error instanceof BlobNotFoundError) {
          throw new IngestionError('BLOB_MISSING', 'The stored bytes of the document are gone.');
        }
        throw error;
      }
    };
    const sections = extractSections(document.mediaType as DocumentMediaType, open);
    const chunks = chunkSections(sections, {
      maxTokens: this.config.CHUNK_MAX_TOKENS,
      overlapTokens: Math.floor((this.config.CHUNK_MAX_TOKENS * this.config.CHUNK_OVERLAP_PERCENT) / 100),
    });
    let count = 0;
    let pages = 0;
    let batch: ChunkDraft[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (context.signal.aborted) throw new IngestionStoppedError();
      await this.insertChunks(workspaceId, document.id, batch);
      batch = [];
    };
    for await (const chunk of chunks) {
      batch.push(chunk);
      count++;
      if (chunk.page !== null) pages = Math.max(pages, chunk.page);
      if (batch.length >= INSERT_BATCH) await flush();
    }
    await flush();
    if (count === 0) throw new IngestionError('NO_TEXT', 'The document holds no text to index.');
    const now = new Date();
    const result = await tx
      .createQueryBuilder()
      .update(Document)
      .set({
        status: 'indexed',
        chunkCount: count,
        pageCount: pages > 0 ? pages : null,
        lastErrorCode: null,
        lastErrorMessage: null,
        extractedAt: now,
        indexedAt: now,
        updatedAt: now,
      })
      .where('workspace_id = :workspaceId AND id = :id AND job_run_id = :runId', {
        workspaceId,
        id: document.id,
        runId: context.runId,
      })
      .execute();
    // Reprocessed or deleted meanwhile: roll all of it back; the newer run (if any) does the work.
    if (result.affected !== 1) throw new IngestionStoppedError();
    if (context.signal.aborted) throw new IngestionStoppedError();
    await this.outbox.publish(workspaceId, {
      type: 'document.indexed',
      version: DOCUMENTS_EVENT_VERSION,
      data: { document: documentSummary({ ...document, status: 'indexed', chunkCount: count }) },
    });
    return { chunks: count, pages };
  }

  private async insertChunks(workspaceId: string, documentId: string, chunks: ChunkDraft[]): Promise<void> {
    const vectors = this.embeddings.enabled ? await this.vectorsOf(workspaceId, chunks) : null;
    const rows = chunks.map((chunk, index) => ({
      id: newId(),
      position: chunk.position,
      heading_path: chunk.headingPath.map(clean),
      page: chunk.page,
      content: clean(chunk.content),
      token_count: chunk.tokenCount,
      sha256: chunk.sha256,
      embedding: vectors ? vectors[index] : null,
    }));
    await this.txHost.tx.query(
      `INSERT INTO document_chunks (workspace_id, id, document_id, position, heading_path, page, content, token_count,
                                    sha256, embedding, embedding_model, visibility, allowed_roles, search_vector)
       SELECT $1, c.id, $2, c.position, c.heading_path, c.page, c.content, c.token_count, c.sha256,
              c.embedding, CASE WHEN c.embedding IS NULL THEN NULL ELSE $4 END,
              d.visibility, d.allowed_roles,
              setweight(to_tsvector('english', d.title), 'A')
              || setweight(to_tsvector('english', array_to_string(c.heading_path, ' ')), 'B')
              || setweight(to_tsvector('english', c.content), 'C')
         FROM jsonb_to_recordset($3::jsonb)
              AS c(id uuid, position integer, heading_path text[], page integer, content text, token_count integer,
                   sha256 text, embedding real[])
         JOIN documents d ON d.workspace_id = $1 AND d.id = $2`,
      [workspaceId, documentId, JSON.stringify(rows), this.embeddings.model],
    );
  }

  private async vectorsOf(workspaceId: string, chunks: ChunkDraft[]): Promise<number[][]> {
    try {
      return await this.embeddings.vectorsFor(
        workspaceId,
        chunks.map((chunk) => ({ sha256: chunk.sha256, content: clean(chunk.content) })),
      );
    } catch (error) {
      if (error instanceof EmbeddingsUnavailableError)
        throw new IngestionError('EMBEDDING_FAILED', error.message, false);
      throw error;
    }
  }

  private async recordFailure(
    context: JobContext<IngestDocumentInput>,
    reason: { code: string; message: string },
    final: boolean,
  ): Promise<void> {
    const result = await this.txHost.tx
      .createQueryBuilder()
      .update(Document)
      .set({
        status: final ? 'dead' : 'failed',
        lastErrorCode: reason.code,
        lastErrorMessage: reason.message.slice(0, MESSAGE_MAX_LENGTH),
        failedAt: new Date(),
        updatedAt: new Date(),
      })
      .where('workspace_id = :workspaceId AND id = :id AND job_run_id = :runId', {
        workspaceId: context.workspaceId,
        id: context.input.documentId,
        runId: context.runId,
      })
      .andWhere(`status IN ('queued', 'processing', 'failed')`)
      .execute();
    if (result.affected === 1 && final) {
      const document = await this.txHost.tx
        .getRepository(Document)
        .findOneBy({ workspaceId: context.workspaceId, id: context.input.documentId });
      if (document) await this.publishFailed(document);
    }
    this.logger.warn({
      workspaceId: context.workspaceId,
      documentId: context.input.documentId,
      attempt: context.attempt,
      code: reason.code,
      msg: final ? 'document ingestion gave up (dead)' : 'document ingestion failed; it will be retried',
    });
  }

  private async publishFailed(document: Document): Promise<void> {
    await this.outbox.publish(document.workspaceId, {
      type: 'document.failed',
      version: DOCUMENTS_EVENT_VERSION,
      data: {
        document: documentSummary(document),
        error: { code: document.lastErrorCode ?? 'INGESTION_FAILED', message: document.lastErrorMessage ?? '' },
      },
    });
  }

  private observe(mediaType: string, outcome: string, started: number): void {
    this.metrics.outcomes.inc({ media_type: mediaType, outcome });
    this.metrics.duration.observe({ media_type: mediaType, outcome }, (performance.now() - started) / 1000);
  }
}

function reasonOf(error: unknown): { code: string; message: string } {
  if (error instanceof IngestionError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'EXTRACTION_FAILED', message };
}

/** PostgreSQL text holds no NUL. */
function clean(text: string): string {
  return text.replaceAll('\u0000', '');
}
