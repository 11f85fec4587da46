import { SqlMigration } from '@keel/platform-database';

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
    ALTER TABLE bench_item ENABLE ROW LEVEL SECURITY;
    ALTER TABLE bench_item FORCE ROW LEVEL SECURITY;
    CREATE POLICY bench_item_workspace_isolation ON bench_item
      USING (workspace_id = (SELECT current_setting('app.workspace_id')::uuid))
      WITH CHECK (workspace_id = (SELECT current_setting('app.workspace_id')::uuid));
  `;

  protected readonly downSql = `DROP TABLE bench_item;`;
}
