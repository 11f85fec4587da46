export default async function globalTeardown(): Promise<void> {
  await globalThis.__KEEL_TEST_DB_SERVER__?.stop();
}
