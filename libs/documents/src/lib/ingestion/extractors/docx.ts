import mammoth from 'mammoth';
import { IngestionError, Section } from '../section';
import { htmlSections } from './html';

/** A Word document through mammoth's HTML, so its headings (Heading 1…6 styles) keep their structure. */
export async function docxSections(bytes: Buffer): Promise<Section[]> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (error) {
    throw new IngestionError('EXTRACTION_FAILED', `The DOCX could not be read: ${(error as Error).message}`);
  }
  return htmlSections(html);
}
