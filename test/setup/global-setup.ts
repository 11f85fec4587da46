import { startTestDatabaseServer, TEST_ADMIN_URL_VARIABLE, TestDatabaseServer } from '@keel/platform-testing';

declare global {
  var __KEEL_TEST_DB_SERVER__: TestDatabaseServer | undefined;
}

/** One PostgreSQL for the whole run; each test file makes its own database on it. */
export default async function globalSetup(): Promise<void> {
  const server = await startTestDatabaseServer();
  process.env[TEST_ADMIN_URL_VARIABLE] = server.adminUrl;
  globalThis.__KEEL_TEST_DB_SERVER__ = server;
}
