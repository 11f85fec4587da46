export default async function globalTeardown(): Promise<void> {
  await globalThis.__KEEL_TEST_DB_TEMPLATE__?.drop();
  await globalThis.__KEEL_TEST_DB_SERVER__?.stop();
}
