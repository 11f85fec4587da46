import { EvidenceUnparseable } from './evidence-unparseable';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF16LE = new TextDecoder('utf-16le', { fatal: true });
const UTF16BE = new TextDecoder('utf-16be', { fatal: true });

/**
 * The text of an uploaded file: UTF-8 (with or without a byte order mark), or
 * UTF-16 when a byte order mark says so (Windows tools write JUnit that way).
 * Bytes that are not valid text in that encoding are refused rather than
 * silently replaced, so a binary file is not half-parsed.
 */
export function readText(bytes: Buffer): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return UTF16LE.decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return UTF16BE.decode(bytes.subarray(2));
    const text = UTF8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new EvidenceUnparseable('the file is not UTF-8 or UTF-16 text');
  }
}

/** The 1-based line of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

/** Every line start of `text`, for many lookups in one document: lineIn(starts, offset) is then a binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The 1-based line of `offset`, given lineStarts() of its text. */
export function lineIn(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * A number written as text in a report ("12", "0.35", "1,234.5" from some
 * locales' Surefire): undefined when absent or empty, an EvidenceUnparseable
 * when present but not a finite number. `line` is only asked for then.
 */
export function numberAttribute(value: unknown, what: string, line?: () => number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new EvidenceUnparseable(`${what} is not a finite number`, line?.());
  }
  const text = String(value).trim();
  if (text === '') return undefined;
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
  const parsed = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
  if (!Number.isFinite(parsed)) throw new EvidenceUnparseable(`${what} is not a number`, line?.());
  return parsed;
}

/** A percentage 0–100 with two decimals, as every coverage and pass-rate fact is reported. */
export function percent(part: number, whole: number): number {
  return Math.min(100, Math.max(0, Math.round((part / whole) * 10_000) / 100));
}
