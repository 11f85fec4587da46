import { DataSource } from 'typeorm';

type Row = Record<string, unknown>;

export interface WorkspaceRows {
  workspace: Row[];
  users: Row[];
  /** Every other table with a workspace_id column (found in the catalog, so new contexts are covered), by name. */
  tenantTables: Record<string, Row[]>;
  auditEventCount: number;
}

/** Columns that move without the workspace changing, by table. */
const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // last_used_at moves whenever a key of the workspace is presented, even to be refused elsewhere.
  api_keys: ['last_used_at'],
};

/**
 * Everything a workspace holds, read through `dataSource` (a superuser, so
 * row-level security hides nothing): taken before and after a request that
 * must change nothing.
 */
export async function workspaceRows(dataSource: DataSource, workspaceId: string): Promise<WorkspaceRows> {
  const rows = (sql: string): Promise<Row[]> => dataSource.query(sql, [workspaceId]);
  const [audit] = await rows(`SELECT count(*)::int AS count FROM audit_events WHERE workspace_id = $1`);
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT c.table_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'workspace_id'
        AND c.table_name <> 'audit_events'
      ORDER BY c.table_name`,
  );
  const tenantTables: Record<string, Row[]> = {};
  for (const { table_name: table } of tables) {
    const volatile = VOLATILE_COLUMNS[table] ?? [];
    // Ordered by the whole row's text: every tenant table's rows, whatever its key.
    const tableRows = await rows(`SELECT * FROM "${table}" t WHERE workspace_id = $1 ORDER BY t::text`);
    tenantTables[table] = tableRows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !volatile.includes(column))),
    );
  }
  return {
    workspace: await rows(`SELECT * FROM workspaces WHERE id = $1`),
    users: await rows(
      `SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id = $1 ORDER BY u.id`,
    ),
    tenantTables,
    auditEventCount: Number(audit['count']),
  };
}
