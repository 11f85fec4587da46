import { SqlMigration, tenantIsolationSql } from '@keel/platform-database';

export class BenchItems1763900000000 extends SqlMigration {
  readonly name = 'BenchItems1763900000000';

  protected readonly upSql = `
    CREATE TABLE bench_item (
      workspace_id uuid NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      quantity integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id)
    );
    ${tenantIsolationSql('bench_item')}
  `;

  protected readonly downSql = `DROP TABLE bench_item;`;
}
