import type { Readable } from 'node:stream';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What Keel takes in: each is recognised from the bytes, not the file name. */
export const DOCUMENT_MEDIA_TYPES = [
  'text/plain',
  'text/markdown',
  'text/html',
  'text/csv',
  'application/json',
  'application/pdf',
  DOCX,
  XLSX,
] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

const BINARY_TYPES: ReadonlySet<string> = new Set(['application/pdf', DOCX, XLSX]);
const TEXT_TYPES: ReadonlySet<string> = new Set([
  'text/plain',
  'text/markdown',
  'text/html',
  'text/csv',
  'application/json',
]);

/** How many leading bytes the text check reads. */
export const SNIFF_BYTES = 64 * 1024;

type FileTypeModule = typeof import('file-type');
let fileType: Promise<FileTypeModule> | undefined;

/**
 * file-type is ESM only: loaded once, when first needed (Node 20.19 requires ESM synchronously too), through its
 * `./node` entry, which jest's resolver finds as well (the root entry has only import conditions).
 */
function loadFileType(): Promise<FileTypeModule> {
  fileType ??= Promise.resolve().then(() => require('file-type/node') as FileTypeModule);
  return fileType;
}

/**
 * The media type of a document from its bytes: PDF, DOCX and XLSX by their
 * signatures (`file-type`, which looks inside the zip for Office files), and
 * for bytes file-type does not know, text when the leading bytes are UTF-8
 * without NUL — then HTML, JSON, CSV or Markdown by their shape, or the
 * client's declared text type when the bytes agree it is text. Anything
 * else (images, archives, executables, other Office files) is undefined.
 */
export async function sniffMediaType(
  stream: Readable,
  head: Buffer,
  declared: string | undefined,
): Promise<DocumentMediaType | undefined> {
  const { fileTypeFromStream } = await loadFileType();
  const detected = await fileTypeFromStream(stream);
  stream.destroy();
  if (detected) return BINARY_TYPES.has(detected.mime) ? (detected.mime as DocumentMediaType) : undefined;
  const text = decodeUtf8Head(head);
  if (text === undefined) return undefined;
  const hint = declared?.split(';')[0].trim().toLowerCase();
  if (hint && TEXT_TYPES.has(hint)) return hint as DocumentMediaType;
  return textShape(text);
}

/** The head as text, or undefined when it is not UTF-8 text (a NUL, an invalid sequence). */
export function decodeUtf8Head(head: Buffer): string | undefined {
  if (head.includes(0)) return undefined;
  // A multi-byte character cut at the end of the head is not an error: drop up to 3 trailing bytes of it.
  for (let cut = 0; cut <= Math.min(3, head.length); cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
    } catch {
      if (head.length < SNIFF_BYTES) return undefined;
    }
  }
  return undefined;
}

export function textShape(text: string): DocumentMediaType {
  const start = text.trimStart().replace(/^\uFEFF/, '');
  if (/^<(!doctype\s+html|html|head|body)[\s>]/i.test(start)) return 'text/html';
  if (/^[{[]/.test(start) && looksLikeJson(start)) return 'application/json';
  if (/^#{1,6}\s+\S/m.test(text) || /^```/m.test(text)) return 'text/markdown';
  if (looksLikeCsv(text)) return 'text/csv';
  return 'text/plain';
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    // A head cut in the middle of a long JSON document: unexpected end, not a syntax error earlier on.
    return /end of (JSON )?input|Unterminated/i.test((error as Error).message) && text.length >= SNIFF_BYTES - 4;
  }
}

function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .slice(0, 10);
  if (lines.length < 2) return false;
  const commas = lines.map((line) => (line.match(/,/g) ?? []).length);
  return commas[0] > 0 && commas.slice(0, -1).every((count) => count === commas[0]);
}
