export const INGEST_DOCUMENT_JOB = 'documents.ingest';

/** What an ingestion run carries: the document row is the truth. */
export interface IngestDocumentInput {
  documentId: string;
}
