import { Module, OnModuleInit } from '@nestjs/common';
import { EventCatalog, EventsModule } from '@keel/events';
import { JobHandlers, JobsModule } from '@keel/jobs';
import { TenancyModule } from '@keel/tenancy';
import { DocumentAccess } from './documents/document-access';
import { DocumentsService } from './documents/documents.service';
import { DOCUMENTS_EVENT_DEFINITIONS } from './documents-events';
import { IngestDocumentJob } from './ingestion/ingest-document.job';
import { IngestionMetrics } from './ingestion/ingestion-metrics';
import { SearchService } from './search/search.service';

/**
 * Documents: uploads kept in the blob store, ingestion as a job run per
 * document (extract, chunk, index), full-text search and retrieval with
 * citations, all under the visibility policy. The routes are
 * DocumentsHttpModule's.
 */
@Module({
  imports: [TenancyModule, EventsModule, JobsModule],
  providers: [DocumentAccess, DocumentsService, SearchService, IngestDocumentJob, IngestionMetrics],
  exports: [DocumentsService, SearchService],
})
export class DocumentsModule implements OnModuleInit {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly handlers: JobHandlers,
    private readonly ingest: IngestDocumentJob,
  ) {}

  onModuleInit(): void {
    this.catalog.register(...DOCUMENTS_EVENT_DEFINITIONS);
    this.handlers.register(this.ingest);
  }
}
