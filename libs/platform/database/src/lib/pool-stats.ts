import type { DataSource } from 'typeorm';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

/** Connection counts of the pg pool behind a DataSource, for metrics. */
export function poolStats(dataSource: DataSource): PoolStats | undefined {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!dataSource.isInitialized || !pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max };
}
