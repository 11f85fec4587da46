/**
 * A run of a document's text under one heading path (and, for PDFs, on one
 * page), as an extractor yields it: the chunker never lets a chunk cross from
 * one section into the next. `rows` sections hold one table row per line
 * (each with its header), packed whole, never split or overlapped.
 */
export interface Section {
  headingPath: string[];
  page: number | null;
  text: string;
  kind: 'text' | 'rows';
}

/** Why ingestion failed, with a stable code: `PDF_ENCRYPTED`, `EXTRACTION_FAILED`, … */
export class IngestionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True when another attempt cannot succeed (the bytes will not change). Still retried: see the job. */
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'IngestionError';
  }
}
