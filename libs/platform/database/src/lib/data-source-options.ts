import type { MixedList } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseConnectionSettings {
  url: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function>;
}

/** One definition of how Keel talks to PostgreSQL, shared by the app, the CLI tasks and the tests. */
export function dataSourceOptions(settings: DatabaseConnectionSettings): PostgresDataSourceOptions {
  const sessionSettings = ['-c TimeZone=UTC', `-c statement_timeout=${settings.statementTimeoutMs ?? 0}`];
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName ?? 'keel',
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: settings.poolMax ?? 10,
      options: sessionSettings.join(' '),
      connectionTimeoutMillis: 5_000,
    },
  };
}
