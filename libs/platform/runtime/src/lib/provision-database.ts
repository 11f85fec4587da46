import type { Logger } from 'pino';
import type { KeelConfig } from '@keel/platform-config';
import { startEmbeddedPostgres } from '@keel/platform-database';

export interface ProvisionedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when given (nothing is started); otherwise the embedded PostgreSQL under
 * EMBEDDED_PG_DIR: started here, or the one another Keel on the same folder already runs (the API
 * beside a worker), which that Keel stops.
 */
export async function provisionDatabase(config: KeelConfig, logger: Logger): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    // Out of the terminal's process group: Ctrl-C reaches Keel alone, and Keel stops PostgreSQL last.
    ownProcessGroup: true,
    onLog: (line) => logger.debug({ component: 'embedded-postgres', msg: line }),
  });
  const where = { dataDir: config.EMBEDDED_PG_DIR, port: server.port, pid: server.pid };
  switch (server.origin) {
    case 'started':
      logger.info({ ...where, msg: 'embedded PostgreSQL started' });
      break;
    case 'joined':
      logger.info({
        ...where,
        startedBy: server.startedBy,
        msg: `embedded PostgreSQL joined: another Keel (pid ${server.startedBy}) runs it on this folder and stops it; stop this one first`,
      });
      break;
    case 'adopted':
      logger.warn({
        ...where,
        msg: 'embedded PostgreSQL adopted: it was left running by a Keel that is gone; this Keel stops it when it stops',
      });
      break;
  }
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      if (server.origin === 'joined') return;
      await server.stop();
      logger.info({ msg: 'embedded PostgreSQL stopped' });
    },
  };
}
