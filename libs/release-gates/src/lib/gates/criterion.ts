/** How a fact is compared with its threshold. */
export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** A threshold: a number for the ordering operators; also a string or boolean for `==` and `!=`. */
export type Threshold = number | string | boolean;

/** Compare with the median of the last `window` passing releases of the same product. */
export interface RelativeTo {
  baseline: 'last-passing';
  window: number;
  /** How much worse than the median (in the direction the operator calls better) the value may be, in percent. */
  maxRegressionPercent: number;
}

/** One check of a gate: a fact of the newest evidence of a type, compared with a threshold. */
export interface Criterion {
  key: string;
  title: string;
  evidenceType: string;
  /** A dotted path into the evidence's facts, e.g. `failures` or `http_req_duration.p99`. */
  fact: string;
  operator: Operator;
  pass: Threshold;
  warn?: Threshold;
  weight: number;
  required: boolean;
  maxAgeHours?: number;
  relativeTo?: RelativeTo;
}
