/**
 * One kind of row the platform deletes once it is old enough: registered by
 * the context that owns the table (with its own default), kept for as many
 * days as the platform's retention settings say (GET/PUT
 * /v1/admin/retention), never fewer than its minimum.
 */
export interface RetentionRule {
  /** The name operators set it by, e.g. `job_runs`. Lower case, digits and `_`. */
  key: string;
  /** What goes, in a sentence, for the admin API and docs. */
  description: string;
  /** Days kept when no operator has set it (the owning context's configuration). */
  defaultDays: number;
  /** The fewest days an operator may set (audit events: a year). */
  minimumDays: number;
  /** The table rows are deleted from. */
  table: string;
  /**
   * `SELECT ctid FROM <table> WHERE …` finding every row past retention,
   * without LIMIT; `$1` is the number of days kept.
   */
  expiredRows: string;
  /** Further tables the same rule prunes (the account trail beside the workspace trail), each with its own query. */
  alsoFrom?: RetentionTarget[];
}

/** A table a rule deletes from, and the `SELECT ctid FROM <table> WHERE …` that finds its expired rows (`$1`: days). */
export interface RetentionTarget {
  table: string;
  expiredRows: string;
}

/** Every table `rule` deletes from, its own first. */
export function retentionTargets(rule: RetentionRule): RetentionTarget[] {
  return [{ table: rule.table, expiredRows: rule.expiredRows }, ...(rule.alsoFrom ?? [])];
}
