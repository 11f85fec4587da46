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
}
