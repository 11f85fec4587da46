import type { Criterion, Operator, Threshold } from '../gates/criterion';

export type Outcome = 'pass' | 'warn' | 'fail' | 'not_measured' | 'waived';
export type Verdict = 'pass' | 'warn' | 'fail' | 'incomplete';

/** The baseline a relative criterion was compared with. */
export interface Baseline {
  median: number;
  /** How many earlier passing releases it was drawn from. */
  n: number;
  /** (value − median) / standard deviation of the baseline values; null when they do not vary. */
  zScore: number | null;
}

/** One criterion's outcome in an evaluation, with the reason in words. */
export interface CriterionResult {
  key: string;
  title: string;
  required: boolean;
  weight: number;
  outcome: Outcome;
  value: unknown;
  threshold: { operator: Operator; pass: Threshold; warn: Threshold | null };
  reason: string;
  evidenceIds: string[];
  baseline?: Baseline;
  /** The value is more than 3 standard deviations from the baseline median (even when it passes). */
  anomaly: boolean;
}

/** The fact at a dotted path: a key holding the whole path first (flattened facts), else walked step by step. */
export function factAt(facts: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(facts, path)) return facts[path];
  let value: unknown = facts;
  for (const step of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) {
      if (!/^\d+$/.test(step)) return undefined;
      value = value[Number(step)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(value, step)) return undefined;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}

/** Whether `value operator threshold` holds; undefined when they cannot be compared (an ordering of non-numbers). */
export function holds(value: unknown, operator: Operator, threshold: Threshold): boolean | undefined {
  if (operator === '==' || operator === '!=') {
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') return undefined;
    const equal = value === threshold;
    return operator === '==' ? equal : !equal;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || typeof threshold !== 'number') return undefined;
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/** `pass`, `warn` or `fail` for a measured value; undefined when it cannot be compared. */
export function absoluteOutcome(
  value: unknown,
  operator: Operator,
  pass: Threshold,
  warn?: Threshold,
): 'pass' | 'warn' | 'fail' | undefined {
  const passes = holds(value, operator, pass);
  if (passes === undefined) return undefined;
  if (passes) return 'pass';
  if (warn !== undefined && holds(value, operator, warn)) return 'warn';
  return 'fail';
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The population standard deviation. */
export function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

/** The baseline of `value` among `earlier` values (non-empty). */
export function baselineOf(value: number, earlier: readonly number[]): Baseline & { anomaly: boolean } {
  const middle = median(earlier);
  const spread = standardDeviation(earlier);
  const zScore = spread === 0 ? null : round((value - middle) / spread, 2);
  return { median: middle, n: earlier.length, zScore, anomaly: zScore !== null && Math.abs(zScore) > 3 };
}

/**
 * How far `value` regressed from `median`, in percent, in the direction the
 * operator calls worse (for `<`/`<=` lower is better, so higher is worse);
 * 0 when it did not regress. Undefined for `==`/`!=`, which have no direction.
 */
export function regressionPercent(value: number, baselineMedian: number, operator: Operator): number | undefined {
  const lowerIsBetter = operator === '<' || operator === '<=';
  const higherIsBetter = operator === '>' || operator === '>=';
  if (!lowerIsBetter && !higherIsBetter) return undefined;
  const worse = lowerIsBetter ? value - baselineMedian : baselineMedian - value;
  if (worse <= 0) return 0;
  if (baselineMedian === 0) return Number.POSITIVE_INFINITY;
  return (worse / Math.abs(baselineMedian)) * 100;
}

const OUTCOME_POINTS: Readonly<Record<Outcome, number>> = {
  pass: 1,
  waived: 1,
  warn: 0.5,
  fail: 0,
  not_measured: 0,
};

/** 0–100: each criterion's points (pass and waived 1, warn ½, fail and not measured 0) weighted by its weight. */
export function weightedScore(results: readonly Pick<CriterionResult, 'outcome' | 'weight'>[]): number {
  const total = results.reduce((sum, result) => sum + result.weight, 0);
  if (total === 0) return 0;
  const earned = results.reduce((sum, result) => sum + result.weight * OUTCOME_POINTS[result.outcome], 0);
  return round((earned / total) * 100, 2);
}

/**
 * A required criterion that fails fails the gate; else one not measured
 * leaves it incomplete; else a warning (or an optional criterion's failure)
 * makes it warn; else it passes.
 */
export function verdictOf(results: readonly Pick<CriterionResult, 'outcome' | 'required'>[]): Verdict {
  if (results.some((result) => result.required && result.outcome === 'fail')) return 'fail';
  if (results.some((result) => result.required && result.outcome === 'not_measured')) return 'incomplete';
  if (results.some((result) => result.outcome === 'warn' || result.outcome === 'fail')) return 'warn';
  return 'pass';
}

/** The evidence a criterion reads, as the evaluation found it. */
export interface MeasuredEvidence {
  id: string;
  type: string;
  source: string | null;
  collectedAt: Date;
  facts: Record<string, unknown>;
}

/** An approved, unexpired waiver of the criterion. */
export interface ActiveWaiver {
  id: string;
  expiresAt: Date;
  reason: string;
}

export interface CriterionInput {
  criterion: Criterion;
  /** The newest evidence of the criterion's type (and platform), if any. */
  evidence: MeasuredEvidence | undefined;
  /** The criterion's values in the last passing releases (relative criteria), newest first. */
  earlierValues: readonly number[];
  waiver: ActiveWaiver | undefined;
  now: Date;
}

function formatted(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** One criterion's outcome, value and reason: the heart of an evaluation, with no I/O. */
export function evaluateCriterion(input: CriterionInput): CriterionResult {
  const { criterion, evidence, now } = input;
  const base = {
    key: criterion.key,
    title: criterion.title,
    required: criterion.required,
    weight: criterion.weight,
    threshold: { operator: criterion.operator, pass: criterion.pass, warn: criterion.warn ?? null },
    anomaly: false,
  };
  if (!evidence) {
    return {
      ...base,
      outcome: 'not_measured',
      value: null,
      reason: `no ${criterion.evidenceType} evidence for this release`,
      evidenceIds: [],
    };
  }
  const origin = `${evidence.type} ${evidence.source ? `from ${evidence.source}` : evidence.id}`;
  const ageHours = (now.getTime() - evidence.collectedAt.getTime()) / 3_600_000;
  if (criterion.maxAgeHours !== undefined && ageHours > criterion.maxAgeHours) {
    return {
      ...base,
      outcome: 'not_measured',
      value: null,
      reason: `the newest ${criterion.evidenceType} evidence was collected ${round(ageHours, 1)} hours ago, more than maxAgeHours ${criterion.maxAgeHours} (${origin})`,
      evidenceIds: [evidence.id],
    };
  }
  const value = factAt(evidence.facts, criterion.fact);
  if (value === undefined) {
    return {
      ...base,
      outcome: 'not_measured',
      value: null,
      reason: `${criterion.fact} is not among the facts of the ${origin}`,
      evidenceIds: [evidence.id],
    };
  }
  const rule = `must be ${criterion.operator} ${formatted(criterion.pass)}${criterion.warn !== undefined ? ` (warn ${criterion.operator} ${formatted(criterion.warn)})` : ''}`;
  const absolute = absoluteOutcome(value, criterion.operator, criterion.pass, criterion.warn);
  if (absolute === undefined) {
    return {
      ...base,
      outcome: 'not_measured',
      value,
      reason: `${criterion.fact} = ${formatted(value)} cannot be compared: ${rule} (${origin})`,
      evidenceIds: [evidence.id],
    };
  }
  let outcome: Outcome = absolute;
  let reason = `${criterion.fact} = ${formatted(value)}, ${rule}`;
  let baseline: Baseline | undefined;
  let anomaly = false;
  if (criterion.relativeTo && typeof value === 'number') {
    if (input.earlierValues.length === 0) {
      reason += '; no earlier passing release to compare with';
    } else {
      const found = baselineOf(value, input.earlierValues);
      baseline = { median: found.median, n: found.n, zScore: found.zScore };
      anomaly = found.anomaly;
      const regression = regressionPercent(value, found.median, criterion.operator) ?? 0;
      const allowed = criterion.relativeTo.maxRegressionPercent;
      const against = `median ${found.median} of the last ${found.n} passing release(s)`;
      if (regression > allowed) {
        outcome = 'fail';
        reason += `; ${round(regression, 1)} % worse than the ${against}, more than ${allowed} %`;
      } else {
        reason += `; within ${allowed} % of the ${against}`;
      }
      if (anomaly) reason += `; anomaly: z-score ${found.zScore}`;
    }
  }
  reason += ` (${origin})`;
  if (outcome === 'fail' && input.waiver) {
    outcome = 'waived';
    reason += `; waived until ${input.waiver.expiresAt.toISOString()} by waiver ${input.waiver.id}: ${input.waiver.reason}`;
  }
  return {
    ...base,
    outcome,
    value,
    reason,
    evidenceIds: [evidence.id],
    ...(baseline ? { baseline } : {}),
    anomaly,
  };
}
