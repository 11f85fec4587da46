import { contentHash } from '@keel/platform-crypto';
import type { FieldError } from '@keel/platform-errors';
import { EVIDENCE_TYPES } from '../evidence/parsers';
import { Criterion, OPERATORS, Operator, Threshold } from './criterion';

/** A criterion as a request sends it, before its evidence type, operator, path and thresholds are checked. */
export interface CriterionDraft {
  key: string;
  title: string;
  evidenceType: string;
  fact: string;
  operator: string;
  pass: unknown;
  warn?: unknown;
  weight?: number;
  required?: boolean;
  maxAgeHours?: number;
  relativeTo?: { baseline: string; window: number; maxRegressionPercent: number };
}

/** Dotted steps of letters, digits, `_` and `-` (`failures`, `results.byRule.no-eval`, `http_req_duration.p99`). */
const FACT_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const ORDERING: readonly string[] = ['<', '<=', '>', '>='];

function isThreshold(value: unknown): value is Threshold {
  return (
    (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean'
  );
}

/**
 * Every problem of a gate's criteria at its JSON path (`$.criteria[2].operator`):
 * an evidence type or operator not known, a fact path that is not one, a
 * threshold an ordering cannot use, a relative criterion without a direction,
 * two criteria with one key.
 */
export function criteriaProblems(drafts: readonly CriterionDraft[]): FieldError[] {
  const problems: FieldError[] = [];
  const report = (index: number, field: string, rule: string, message: string) =>
    problems.push({ path: `$.criteria[${index}].${field}`, field: `criteria.${index}.${field}`, rule, message });
  const keys = new Set<string>();
  drafts.forEach((draft, index) => {
    if (keys.has(draft.key)) report(index, 'key', 'unique', `another criterion already has the key "${draft.key}"`);
    keys.add(draft.key);
    if (!(EVIDENCE_TYPES as readonly string[]).includes(draft.evidenceType)) {
      report(
        index,
        'evidenceType',
        'evidenceType',
        `"${draft.evidenceType}" is not an evidence type (${EVIDENCE_TYPES.join(', ')})`,
      );
    }
    if (!FACT_PATH.test(draft.fact)) {
      report(index, 'fact', 'factPath', `"${draft.fact}" is not a path into the facts (dotted names, e.g. "lines")`);
    }
    const operatorKnown = (OPERATORS as readonly string[]).includes(draft.operator);
    if (!operatorKnown) {
      report(index, 'operator', 'operator', `"${draft.operator}" is not an operator (${OPERATORS.join(' ')})`);
    }
    const ordering = ORDERING.includes(draft.operator);
    for (const field of ['pass', 'warn'] as const) {
      const value = draft[field];
      if (field === 'warn' && value === undefined) continue;
      if (!isThreshold(value)) {
        report(index, field, 'threshold', `${field} must be a number, a string or a boolean`);
      } else if (ordering && typeof value !== 'number') {
        report(index, field, 'threshold', `${field} must be a number for the operator ${draft.operator}`);
      }
    }
    if (draft.relativeTo) {
      if (draft.relativeTo.baseline !== 'last-passing') {
        report(index, 'relativeTo.baseline', 'baseline', 'the only baseline is "last-passing"');
      }
      if (operatorKnown && !ordering) {
        report(
          index,
          'relativeTo',
          'relativeTo',
          `a relative criterion needs an ordering operator, not ${draft.operator}`,
        );
      }
    }
  });
  return problems;
}

/** The criteria as stored, with their defaults filled in (weight 1, required). Call after `criteriaProblems` is empty. */
export function normalizedCriteria(drafts: readonly CriterionDraft[]): Criterion[] {
  return drafts.map((draft) => ({
    key: draft.key,
    title: draft.title,
    evidenceType: draft.evidenceType,
    fact: draft.fact,
    operator: draft.operator as Operator,
    pass: draft.pass as Threshold,
    ...(draft.warn !== undefined ? { warn: draft.warn as Threshold } : {}),
    weight: draft.weight ?? 1,
    required: draft.required ?? true,
    ...(draft.maxAgeHours !== undefined ? { maxAgeHours: draft.maxAgeHours } : {}),
    ...(draft.relativeTo
      ? {
          relativeTo: {
            baseline: 'last-passing' as const,
            window: draft.relativeTo.window,
            maxRegressionPercent: draft.relativeTo.maxRegressionPercent,
          },
        }
      : {}),
  }));
}

/** `sha256:<hex>` of the criteria's canonical JSON: two versions with the same criteria have the same hash. */
export function contentHashOf(criteria: readonly Criterion[]): string {
  return contentHash(criteria);
}
