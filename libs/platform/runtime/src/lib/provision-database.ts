import type { Logger } from 'pino';
import type { KeelConfig } from '@keel/platform-config';
import { startEmbeddedPostgres } from '@keel/platform-database';

export interface ProvisionedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given (nothing is started); otherwise the embedded PostgreSQL under EMBEDDED_PG_DIR. */
export async function provisionDatabase(config: KeelConfig, logger: Logger): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    onLog: (line) => logger.debug({ component: 'embedded-postgres', msg: line }),
  });
  logger.info({ dataDir: config.EMBEDDED_PG_DIR, port: server.port, msg: 'embedded PostgreSQL started' });
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      logger.info({ msg: 'embedded PostgreSQL stopped' });
    },
  };
}
