import { Pool } from 'pg';
import { BearerVerifier } from './bearer-verifier';
import { createBaselineServer } from './baseline-server';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** Verifies Keel's access tokens when the runner passed the API's JWKS (an identity scenario runs). */
async function tokenVerifier(): Promise<BearerVerifier | undefined> {
  const jwks = process.env['BASELINE_JWKS'];
  if (!jwks) return undefined;
  return BearerVerifier.create({
    jwks: JSON.parse(jwks),
    issuer: required('BASELINE_TOKEN_ISSUER'),
    audience: required('BASELINE_TOKEN_AUDIENCE'),
    ttlSeconds: Number(required('BASELINE_TOKEN_TTL_SECONDS')),
  });
}

/**
 * The baseline process the bench runner starts beside Keel: its own event
 * loop, the same database, a pool of the same size and session settings.
 */
async function main(): Promise<void> {
  const databaseUrl = required('DATABASE_URL');
  const pool = new Pool({
    connectionString: databaseUrl,
    max: Number(process.env['DB_POOL_MAX'] ?? 10),
    application_name: 'keel-bench-baseline',
    options: '-c TimeZone=UTC -c statement_timeout=30000',
    connectionTimeoutMillis: 5_000,
  });
  const app = createBaselineServer(pool, { verifier: await tokenVerifier() });
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
