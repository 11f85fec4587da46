import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { ReadinessDetails } from '@keel/platform-health';
import { TenancyModule } from '@keel/tenancy';
import { DocumentAccess } from './documents/document-access';
import { DocumentsService } from './documents/documents.service';
import { DOCUMENTS_EVENT_DEFINITIONS } from './documents-events';
import { ChunkEmbeddings } from './embeddings/chunk-embeddings';
import { EmbeddingMetrics } from './embeddings/embedding-metrics';
import { EmbeddingProvider } from './embeddings/embedding-provider';
import { IngestDocumentJob } from './ingestion/ingest-document.job';
import { IngestionMetrics } from './ingestion/ingestion-metrics';
import { SearchService } from './search/search.service';

/**
 * Documents: uploads kept in the blob store, ingestion as a job run per
 * document (extract, chunk, index, embed when a provider is configured),
 * full-text or hybrid search and retrieval with citations, all under the
 * visibility policy. The routes are
 * DocumentsHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  providers: [
    DocumentAccess,
    DocumentsService,
    SearchService,
    IngestDocumentJob,
    IngestionMetrics,
    EmbeddingProvider,
    EmbeddingMetrics,
    ChunkEmbeddings,
  ],
  exports: [DocumentsService, SearchService],
})
export class DocumentsModule implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly handlers: JobHandlers,
    private readonly ingest: IngestDocumentJob,
    private readonly readiness: ReadinessDetails,
    private readonly search: SearchService,
    private readonly embeddings: ChunkEmbeddings,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...DOCUMENTS_EVENT_DEFINITIONS);
    this.handlers.register(this.ingest);
    this.readiness.register('search', () => ({
      modes: this.search.modes,
      embeddingModel: this.embeddings.enabled ? this.embeddings.model : null,
    }));
  }
}
