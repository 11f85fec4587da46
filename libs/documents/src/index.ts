export { DocumentsModule } from './lib/documents.module';
export { DocumentsHttpModule } from './lib/documents-http.module';
export { DocumentsConfig } from './lib/documents-config';
export { documentsEntities, documentsMigrations } from './lib/documents-schema';
export { SearchService } from './lib/search/search.service';
export type { ChunkHit, SearchFilter, SearchMode, SearchResult } from './lib/search/search.service';
