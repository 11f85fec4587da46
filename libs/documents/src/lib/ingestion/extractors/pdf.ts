import { getDocumentProxy } from 'unpdf';
import { IngestionError, Section } from '../section';

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

/**
 * A PDF's text, page by page (one section per page, with its number), read
 * with PDF.js through unpdf. An encrypted PDF is PDF_ENCRYPTED; one PDF.js
 * cannot read is EXTRACTION_FAILED with its reason.
 */
export async function* pdfSections(bytes: Buffer): AsyncGenerator<Section> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw pdfError(error);
  }
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      let text = '';
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        for (const item of content.items as TextItemLike[]) {
          text += item.str ?? '';
          if (item.hasEOL) text += '\n';
        }
        page.cleanup();
      } catch (error) {
        throw pdfError(error);
      }
      const body = text.replace(/[ \t]+\n/g, '\n').trim();
      if (body.length > 0) yield { headingPath: [], page: number, text: body, kind: 'text' };
    }
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function pdfError(error: unknown): IngestionError {
  const name = (error as { name?: string }).name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new IngestionError('PDF_ENCRYPTED', 'The PDF is encrypted with a password.');
  return new IngestionError('EXTRACTION_FAILED', `The PDF could not be read: ${message}`);
}
