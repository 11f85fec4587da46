import type { Document, DocumentStatus, DocumentVisibility } from '../document.entity';

export class DocumentErrorResponse {
  /** Stable: PDF_ENCRYPTED, EXTRACTION_FAILED, UNSUPPORTED_CONTENT, INGESTION_INTERRUPTED, … @example "EXTRACTION_FAILED" */
  code: string;
  /** @example "The PDF could not be read: Invalid PDF structure." */
  message: string;
}

export class DocumentStagesResponse {
  queuedAt: string | null;
  processingAt: string | null;
  extractedAt: string | null;
  indexedAt: string | null;
  failedAt: string | null;
}

export class DocumentResponse {
  id: string;
  /** @example "Pricing 2027" */
  title: string;
  /** The uploaded file's name, as the client gave it. @example "pricing-2027.md" */
  fileName: string | null;
  /** Sniffed from the bytes. @example "text/markdown" */
  mediaType: string;
  sizeBytes: number;
  /** Of the bytes, lower-case hex. */
  sha256: string;
  tags: string[];
  visibility: DocumentVisibility;
  /** Role keys that see a restricted document (besides holders of documents:restricted). */
  allowedRoles: string[];
  status: DocumentStatus;
  /** Ingestion attempts of the current round. */
  attempts: number;
  maxAttempts: number;
  lastError: DocumentErrorResponse | null;
  chunkCount: number;
  pageCount: number | null;
  /** The job run (GET /v1/workspaces/{workspaceId}/jobs/{jobId}) of the current ingestion round. */
  jobId: string | null;
  stages: DocumentStagesResponse;
  createdAt: string;
  updatedAt: string;

  static of(document: Document): DocumentResponse {
    const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
    return {
      id: document.id,
      title: document.title,
      fileName: document.fileName,
      mediaType: document.mediaType,
      sizeBytes: Number(document.sizeBytes),
      sha256: document.sha256,
      tags: document.tags,
      visibility: document.visibility,
      allowedRoles: document.allowedRoles,
      status: document.status,
      attempts: document.attempts,
      maxAttempts: document.maxAttempts,
      lastError: document.lastErrorCode
        ? { code: document.lastErrorCode, message: document.lastErrorMessage ?? '' }
        : null,
      chunkCount: document.chunkCount,
      pageCount: document.pageCount,
      jobId: document.jobRunId,
      stages: {
        queuedAt: iso(document.queuedAt),
        processingAt: iso(document.processingAt),
        extractedAt: iso(document.extractedAt),
        indexedAt: iso(document.indexedAt),
        failedAt: iso(document.failedAt),
      },
      createdAt: new Date(document.createdAt).toISOString(),
      updatedAt: new Date(document.updatedAt).toISOString(),
    };
  }
}

export class UploadedDocumentResponse extends DocumentResponse {
  /** True when the same bytes were already a document of the workspace: this is that document (200). */
  duplicate: boolean;
}

export class DocumentListResponse {
  data: DocumentResponse[];
  nextCursor: string | null;
}

export class ReprocessedResponse {
  /** How many documents were queued again. @example 3 */
  queued: number;
}
