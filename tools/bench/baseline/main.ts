import { Pool } from 'pg';
import { createBaselineServer } from './baseline-server';

/**
 * The baseline process the bench runner starts beside Keel: its own event
 * loop, the same database, a pool of the same size and session settings.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const pool = new Pool({
    connectionString: databaseUrl,
    max: Number(process.env['DB_POOL_MAX'] ?? 10),
    application_name: 'keel-bench-baseline',
    options: '-c TimeZone=UTC -c statement_timeout=30000',
    connectionTimeoutMillis: 5_000,
  });
  const app = createBaselineServer(pool);
  await app.listen({ port: Number(process.env['PORT'] ?? 3001), host: process.env['HOST'] ?? '127.0.0.1' });

  const stop = (): void => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
