export { startTestDatabaseServer, testAdminUrl, TEST_ADMIN_URL_VARIABLE } from './lib/test-database-server';
export type { TestDatabaseServer } from './lib/test-database-server';
export { createTestDatabase, createApplicationLogin } from './lib/test-database';
export type { TestDatabase } from './lib/test-database';
export { startKeelProcess, runKeelCommand } from './lib/keel-process';
export type { KeelProcess, StartKeelProcessOptions } from './lib/keel-process';
export { startSmtpListener, tokenInMail } from './lib/smtp-listener';
export type { SmtpListener } from './lib/smtp-listener';
