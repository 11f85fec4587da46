import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { DOCX, DocumentMediaType, XLSX } from '../../documents/media-types';
import { IngestionError, Section } from '../section';
import { docxSections } from './docx';
import { htmlSections } from './html';
import { jsonSections } from './json';
import { markdownSections, plainTextSections } from './markdown';
import { pdfSections } from './pdf';
import { csvSections, xlsxSections } from './tables';

async function utf8(stream: Readable): Promise<string> {
  const bytes = await buffer(stream);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new IngestionError('EXTRACTION_FAILED', 'The text is not valid UTF-8.');
  }
}

/**
 * The sections of a document of `mediaType`, read from `open()`'s stream.
 * Tables (CSV, XLSX) are streamed row by row; PDF and DOCX need their whole
 * bytes (their formats are read from the end), text its whole text.
 */
export async function* extractSections(
  mediaType: DocumentMediaType,
  open: () => Promise<Readable>,
): AsyncGenerator<Section> {
  switch (mediaType) {
    case 'text/csv':
      yield* csvSections(await open());
      return;
    case XLSX:
      yield* xlsxSections(await open());
      return;
    case 'application/pdf':
      yield* pdfSections(await buffer(await open()));
      return;
    case DOCX:
      yield* await docxSections(await buffer(await open()));
      return;
    case 'text/markdown':
      yield* markdownSections(await utf8(await open()));
      return;
    case 'text/html':
      yield* htmlSections(await utf8(await open()));
      return;
    case 'application/json':
      yield* jsonSections(await utf8(await open()));
      return;
    case 'text/plain':
      yield* plainTextSections(await utf8(await open()));
      return;
  }
}
