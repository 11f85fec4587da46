import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { IngestionError, Section } from '../section';

/** Rows yielded per section: the chunker packs them into chunks; this only bounds what waits in memory. */
const ROWS_PER_SECTION = 200;

/** One row as a line that names each value by its column: `Name: Ada | Plan: Enterprise`. */
export function rowLine(header: readonly string[], row: readonly string[]): string {
  return row
    .map((value, index) => {
      const name = header[index] ?? `Column ${index + 1}`;
      return `${name}: ${value}`;
    })
    .filter((_cell, index) => row[index] !== '')
    .join(' | ');
}

async function* groupRows(rows: AsyncIterable<string[]>, headingPath: string[]): AsyncGenerator<Section> {
  let header: string[] | undefined;
  let lines: string[] = [];
  for await (const row of rows) {
    if (!header) {
      header = row.map((cell, index) => cell.trim() || `Column ${index + 1}`);
      continue;
    }
    const line = rowLine(header, row);
    if (line.length === 0) continue;
    lines.push(line);
    if (lines.length >= ROWS_PER_SECTION) {
      yield { headingPath, page: null, text: lines.join('\n'), kind: 'rows' };
      lines = [];
    }
  }
  if (lines.length > 0) yield { headingPath, page: null, text: lines.join('\n'), kind: 'rows' };
}

/** A CSV, streamed: its first row is the header, every other row a line naming its values. */
export async function* csvSections(stream: Readable): AsyncGenerator<Section> {
  const parser = stream.pipe(parse({ relax_column_count: true, skip_empty_lines: true, bom: true }));
  stream.on('error', (error) => parser.destroy(error));
  try {
    yield* groupRows(parser as AsyncIterable<string[]>, []);
  } catch (error) {
    if (error instanceof IngestionError) throw error;
    throw new IngestionError('EXTRACTION_FAILED', `The CSV could not be read: ${(error as Error).message}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

async function* sheetRows(worksheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<string[]> {
  for await (const row of worksheet) {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    yield values.map((value) => cellText(value as ExcelJS.CellValue).trim());
  }
}

/**
 * An XLSX workbook, streamed with exceljs's reader (a 100,000-row sheet is
 * never whole in memory): each sheet's first row is its header, and its rows
 * are under the heading of the sheet's name.
 */
export async function* xlsxSections(stream: Readable): AsyncGenerator<Section> {
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? 'Sheet';
      yield* groupRows(sheetRows(worksheet as unknown as AsyncIterable<ExcelJS.Row>), [name]);
    }
  } catch (error) {
    if (error instanceof IngestionError) throw error;
    throw new IngestionError('EXTRACTION_FAILED', `The XLSX could not be read: ${(error as Error).message}`);
  }
}
