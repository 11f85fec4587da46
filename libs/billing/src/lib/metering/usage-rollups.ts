import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import type { MeterAggregation } from './meter.entity';

export { API_REQUESTS_METER } from './built-in-meters';

/** One hour's contribution to a rollup row, already summed (or maxed) over a batch. */
export interface RollupDelta {
  meterKey: string;
  bucketStart: Date;
  groupKey: string;
  groupValues: Record<string, unknown>;
  value: number;
}

export interface UniqueValue {
  meterKey: string;
  bucketStart: Date;
  groupKey: string;
  value: string;
}

export function hourOf(at: Date): Date {
  const hour = new Date(at.getTime());
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

/**
 * Writes and reads the hourly rollups, in the open tenant transaction. Each
 * write is one statement over arrays (`unnest`), whatever the batch size.
 */
@Injectable()
export class UsageRollups {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  /** Adds (or, for `max`, raises to) each delta; the batch holds one delta per row. */
  async apply(workspaceId: string, deltas: RollupDelta[], mode: 'add' | 'max'): Promise<void> {
    if (deltas.length === 0) return;
    const merge =
      mode === 'max' ? 'greatest(usage_rollups.value, EXCLUDED.value)' : 'usage_rollups.value + EXCLUDED.value';
    await this.txHost.tx.query(
      `INSERT INTO usage_rollups (workspace_id, meter_key, bucket_start, group_key, group_values, value)
       SELECT $1, meter_key, bucket_start, group_key, group_values, value
         FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::jsonb[], $6::float8[])
              AS delta(meter_key, bucket_start, group_key, group_values, value)
       ON CONFLICT (workspace_id, meter_key, bucket_start, group_key)
       DO UPDATE SET value = ${merge}, updated_at = now()`,
      [
        workspaceId,
        deltas.map((delta) => delta.meterKey),
        deltas.map((delta) => delta.bucketStart),
        deltas.map((delta) => delta.groupKey),
        deltas.map((delta) => JSON.stringify(delta.groupValues)),
        deltas.map((delta) => delta.value),
      ],
    );
  }

  async addUnique(workspaceId: string, values: UniqueValue[]): Promise<void> {
    if (values.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO usage_unique_values (workspace_id, meter_key, bucket_start, group_key, unique_value)
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[])
       ON CONFLICT DO NOTHING`,
      [
        workspaceId,
        values.map((value) => value.meterKey),
        values.map((value) => value.bucketStart),
        values.map((value) => value.groupKey),
        values.map((value) => value.value),
      ],
    );
  }

  /**
   * A meter's total from `from` to `to` (exclusive): summed, maxed, or
   * distinct values counted. Rollups are hourly, so the hour holding `from`
   * counts whole: a period that starts at 10:20 counts usage from 10:00.
   */
  async total(
    workspaceId: string,
    meterKey: string,
    aggregation: MeterAggregation,
    from: Date,
    to: Date,
  ): Promise<number> {
    const [row]: { total: number | null }[] =
      aggregation === 'unique_count'
        ? await this.txHost.tx.query(
            `SELECT count(DISTINCT unique_value)::float8 AS total FROM usage_unique_values
              WHERE workspace_id = $1 AND meter_key = $2 AND bucket_start >= $3 AND bucket_start < $4`,
            [workspaceId, meterKey, hourOf(from), to],
          )
        : await this.txHost.tx.query(
            `SELECT ${aggregation === 'max' ? 'max' : 'sum'}(value) AS total FROM usage_rollups
              WHERE workspace_id = $1 AND meter_key = $2 AND bucket_start >= $3 AND bucket_start < $4`,
            [workspaceId, meterKey, hourOf(from), to],
          );
    return Number(row?.total ?? 0);
  }

  /** The series for a usage read: one point per period of `granularity` (and per value of `groupBy`). */
  async series(
    workspaceId: string,
    meterKey: string,
    aggregation: MeterAggregation,
    query: { from: Date; to: Date; granularity: 'hour' | 'day' | 'month'; groupBy?: string },
  ): Promise<{ start: Date; group: string | null; value: number }[]> {
    const unique = aggregation === 'unique_count';
    const table = unique ? 'usage_unique_values' : 'usage_rollups';
    const groupValues = unique ? "NULLIF(group_key, '')::jsonb" : 'group_values';
    const measure = unique
      ? 'count(DISTINCT unique_value)::float8'
      : aggregation === 'max'
        ? 'max(value)'
        : 'sum(value)';
    const rows: { start: Date; grp: string | null; value: number }[] = await this.txHost.tx.query(
      `SELECT date_trunc($5, bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
              CASE WHEN $6::text IS NULL THEN NULL ELSE ${groupValues} ->> $6::text END AS grp,
              ${measure} AS value
         FROM ${table}
        WHERE workspace_id = $1 AND meter_key = $2 AND bucket_start >= $3 AND bucket_start < $4
        GROUP BY 1, 2
        ORDER BY 1, 2 NULLS FIRST`,
      [workspaceId, meterKey, query.from, query.to, query.granularity, query.groupBy ?? null],
    );
    return rows.map((row) => ({ start: new Date(row.start), group: row.grp, value: Number(row.value) }));
  }
}
