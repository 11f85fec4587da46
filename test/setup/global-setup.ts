import {
  createTestDatabaseTemplate,
  startTestDatabaseServer,
  TEST_ADMIN_URL_VARIABLE,
  TestDatabaseServer,
  TestDatabaseTemplate,
} from '@keel/platform-testing';
import { keelMigrations } from '@keel/schema';

declare global {
  var __KEEL_TEST_DB_SERVER__: TestDatabaseServer | undefined;
  var __KEEL_TEST_DB_TEMPLATE__: TestDatabaseTemplate | undefined;
}

/**
 * One PostgreSQL for the whole run, and Keel's whole schema migrated once on
 * it as a template: each test file makes its own database, a copy of the
 * template when it wants the whole schema.
 */
export default async function globalSetup(): Promise<void> {
  const server = await startTestDatabaseServer();
  process.env[TEST_ADMIN_URL_VARIABLE] = server.adminUrl;
  globalThis.__KEEL_TEST_DB_SERVER__ = server;
  try {
    globalThis.__KEEL_TEST_DB_TEMPLATE__ = await createTestDatabaseTemplate(keelMigrations);
  } catch (error) {
    await server.stop();
    throw error;
  }
}
