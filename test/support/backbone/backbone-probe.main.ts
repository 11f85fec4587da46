/**
 * The backbone probe app in a process of its own, so a test can kill -9 it:
 *   node -r @swc-node/register test/support/backbone/backbone-probe.main.ts <databaseUrl>
 * Configuration comes from the environment (KEEL_ROLE, KEEL_MASTER_KEY, …).
 * Prints one JSON line {"url": ...} once it listens.
 */
import { startBackboneProbe } from './backbone-probe-app';

async function main(): Promise<void> {
  const [databaseUrl] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: backbone-probe.main.ts <databaseUrl>');
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const probe = await startBackboneProbe(databaseUrl, env);
  process.once('SIGTERM', () => {
    probe.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(JSON.stringify({ url: probe.url }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
