import { EvidenceUnparseable } from './evidence-unparseable';
import { numberAttribute, percent, readText } from './read-text';
import { attribute, children, readXml, XmlElement } from './read-xml';

/**
 * Percentages 0–100 with two decimals. A measure the report has no data for
 * (no branch data in coverage.py's Cobertura without --branch, no functions
 * in Cobertura without <methods>, zero lines found) is absent rather than a
 * made-up 0 or 100, so a gate on it reports it not measured.
 */
export interface CoverageFacts {
  lines?: number;
  branches?: number;
  functions?: number;
  format: 'lcov' | 'cobertura';
}

/** lcov (istanbul, c8, lcov/genhtml, grcov…) or Cobertura XML (coverage.py, istanbul, JaCoCo converters), told apart by the first character. */
export function parseCoverage(bytes: Buffer): CoverageFacts {
  const text = readText(bytes);
  const start = text.trimStart();
  if (start === '') throw new EvidenceUnparseable('the file is empty');
  return start.startsWith('<') ? parseCobertura(text) : parseLcov(text);
}

interface Totals {
  found: number;
  hit: number;
  /** Whether the report says anything about this measure at all. */
  seen: boolean;
}

const LCOV_LINE = /^([A-Z]+):(.*)$/;

/**
 * Sums LF/LH, BRF/BRH and FNF/FNH over the records (one per source file).
 * A record without a summary line is counted from its DA, BRDA and FNDA
 * lines instead, as genhtml does.
 */
function parseLcov(text: string): CoverageFacts {
  const lines = { found: 0, hit: 0, seen: false };
  const branches = { found: 0, hit: 0, seen: false };
  const functions = { found: 0, hit: 0, seen: false };
  let record: Record<string, number> | undefined;
  let detail = { da: 0, daHit: 0, brda: 0, brdaHit: 0, fnda: 0, fndaHit: 0 };
  let records = 0;

  const rows = text.split('\n');
  // Hundreds of thousands of DA lines in a large project: a plain Number() rather than a regular expression each.
  const count = (value: string, row: number, what: string): number => {
    const trimmed = value.trim();
    const parsed = trimmed === '' ? Number.NaN : Number(trimmed);
    if (!Number.isFinite(parsed) || parsed < 0) throw new EvidenceUnparseable(`${what} is not a count`, row);
    return parsed;
  };
  const close = () => {
    const current = record;
    if (!current) return;
    const pick = (total: Totals, foundKey: string, hitKey: string, found: number, hit: number, any: boolean) => {
      if (foundKey in current || any) total.seen = true;
      total.found += current[foundKey] ?? found;
      total.hit += current[hitKey] ?? hit;
    };
    pick(lines, 'LF', 'LH', detail.da, detail.daHit, detail.da > 0);
    pick(branches, 'BRF', 'BRH', detail.brda, detail.brdaHit, detail.brda > 0);
    pick(functions, 'FNF', 'FNH', detail.fnda, detail.fndaHit, detail.fnda > 0);
    records++;
    record = undefined;
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index].trim();
    const number = index + 1;
    if (row === '' || row.startsWith('#')) continue;
    if (row === 'end_of_record') {
      if (!record) throw new EvidenceUnparseable('end_of_record without a record (no SF: line before it)', number);
      close();
      continue;
    }
    const match = LCOV_LINE.exec(row);
    if (!match) throw new EvidenceUnparseable('not an lcov line (expected KEY:value or end_of_record)', number);
    const [, key, value] = match;
    if (key === 'SF') {
      close();
      record = {};
      detail = { da: 0, daHit: 0, brda: 0, brdaHit: 0, fnda: 0, fndaHit: 0 };
      continue;
    }
    if (key === 'TN' || key === 'VER') continue;
    if (!record) throw new EvidenceUnparseable(`${key}: outside a record (no SF: line before it)`, number);
    switch (key) {
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH':
      case 'FNF':
      case 'FNH':
        record[key] = count(value, number, key);
        break;
      case 'DA': {
        // DA:<line>,<hits>[,<checksum>]
        const hits = value.split(',')[1];
        detail.da++;
        if (count(hits ?? '', number, 'DA hits') > 0) detail.daHit++;
        break;
      }
      case 'BRDA': {
        // BRDA:<line>,<block>,<branch>,<taken or ->
        const taken = value.split(',')[3];
        detail.brda++;
        if (taken !== undefined && taken.trim() !== '-' && count(taken, number, 'BRDA taken') > 0) detail.brdaHit++;
        break;
      }
      case 'FNDA': {
        // FNDA:<hits>,<name>
        detail.fnda++;
        if (count(value.split(',')[0], number, 'FNDA hits') > 0) detail.fndaHit++;
        break;
      }
      default:
        // FN, FNL, FNA, BRDA variants of newer lcov versions: not needed for the totals.
        break;
    }
  }
  if (record) close();
  if (records === 0) throw new EvidenceUnparseable('no lcov record (SF: … end_of_record) found: is this lcov?');
  return facts('lcov', lines, branches, functions);
}

const COBERTURA_ARRAYS = new Set(['package', 'class', 'method', 'line']);

/**
 * Cobertura: the <coverage> element's lines-covered/lines-valid (exact) or
 * line-rate, the same for branches; functions are the <method>s with a line
 * that ran, when the report lists methods.
 */
function parseCobertura(text: string): CoverageFacts {
  const { rootName, root, lineOf } = readXml(text, { arrayTags: COBERTURA_ARRAYS });
  if (rootName !== 'coverage') {
    throw new EvidenceUnparseable(`the root element is <${rootName}>, not Cobertura's <coverage>`);
  }
  const classes = children(root, 'packages').flatMap((packages) =>
    children(packages, 'package').flatMap((pkg) => children(pkg, 'classes').flatMap((list) => children(list, 'class'))),
  );
  const countLines = (lines: XmlElement[]): Totals => {
    const ran = (line: XmlElement) =>
      (numberAttribute(attribute(line, 'hits'), '<line> hits', () => lineOf(line)) ?? 0) > 0;
    return { found: lines.length, hit: lines.filter(ran).length, seen: lines.length > 0 };
  };
  /** covered/valid when both are given (exact), else the rate, else what the elements say. */
  const measure = (noun: string, rateName: string, fromElements: () => Totals): Totals => {
    const read = (name: string) => numberAttribute(attribute(root, name), `<coverage> ${name}`, () => lineOf(root));
    const valid = read(`${noun}-valid`);
    const covered = read(`${noun}-covered`);
    if (valid !== undefined && covered !== undefined) return { found: valid, hit: covered, seen: true };
    const rate = read(rateName);
    if (rate === undefined) return fromElements();
    if (rate < 0 || rate > 1) {
      throw new EvidenceUnparseable(`<coverage> ${rateName} must be between 0 and 1`, lineOf(root));
    }
    return { found: 1, hit: rate, seen: true };
  };

  const lines = measure('lines', 'line-rate', () => countLines(classes.flatMap(linesOf)));
  const branches = measure('branches', 'branch-rate', () => ({ found: 0, hit: 0, seen: false }));
  const methods = classes.flatMap((cls) => children(cls, 'methods').flatMap((list) => children(list, 'method')));
  const functions = {
    found: methods.length,
    hit: methods.filter((method) => countLines(linesOf(method)).hit > 0).length,
    seen: methods.length > 0,
  };
  return facts('cobertura', lines, branches, functions);
}

function linesOf(element: XmlElement): XmlElement[] {
  return children(element, 'lines').flatMap((list) => children(list, 'line'));
}

function facts(format: CoverageFacts['format'], lines: Totals, branches: Totals, functions: Totals): CoverageFacts {
  const pct = (total: Totals) => (total.seen && total.found > 0 ? percent(total.hit, total.found) : undefined);
  const result: CoverageFacts = { format };
  const values = { lines: pct(lines), branches: pct(branches), functions: pct(functions) };
  for (const [key, value] of Object.entries(values) as [keyof typeof values, number | undefined][]) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
