import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@keel/platform-database';

/** Set by the jest global setup for every test worker: a superuser URL tests may create databases with. */
export const TEST_ADMIN_URL_VARIABLE = 'KEEL_TEST_ADMIN_URL';

export interface TestDatabaseServer {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL the whole test run uses: `TEST_DATABASE_URL` when given (it
 * must be allowed to create databases and roles), else an embedded server in a
 * throwaway folder.
 */
export async function startTestDatabaseServer(): Promise<TestDatabaseServer> {
  const given = process.env['TEST_DATABASE_URL'];
  if (given) return { adminUrl: given, stop: async () => undefined };
  const dataDir = join(tmpdir(), `keel-test-pg-${process.pid}-${Date.now()}`, 'data');
  const server = await startEmbeddedPostgres({ dataDir, database: 'keel_test' });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

export function testAdminUrl(): string {
  const url = process.env[TEST_ADMIN_URL_VARIABLE];
  if (!url) throw new Error(`${TEST_ADMIN_URL_VARIABLE} is not set: run the tests through jest's global setup.`);
  return url;
}

/**
 * Runs one statement as the run's admin login, on a connection of its own:
 * what creating, dropping and marking databases and roles need (CREATE
 * DATABASE cannot run inside a transaction or a pooled session's database).
 */
export async function asTestAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
