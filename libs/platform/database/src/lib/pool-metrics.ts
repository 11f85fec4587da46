import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { poolStats } from './pool-stats';

/** Pool gauges, read at scrape time: open, idle and waiting connections, and the ceiling. */
export function registerPoolMetrics(registry: Registry, dataSource: DataSource): void {
  const gauges: Array<[string, string, keyof NonNullable<ReturnType<typeof poolStats>>]> = [
    ['db_pool_connections_open', 'Connections open in the database pool.', 'total'],
    ['db_pool_connections_idle', 'Idle connections in the database pool.', 'idle'],
    ['db_pool_requests_waiting', 'Requests waiting for a database connection.', 'waiting'],
    ['db_pool_connections_max', 'Largest number of connections the pool may open.', 'max'],
  ];
  for (const [name, help, field] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(poolStats(dataSource)?.[field] ?? 0);
      },
    });
  }
}
