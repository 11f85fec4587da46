import { DataSource } from 'typeorm';
import { BUILT_IN_METERS } from '@keel/billing';

/** A hash of each table's rows of one workspace: equal fingerprints, nothing of it changed. */
export type WorkspaceFingerprint = Record<string, string>;

/** Columns that move without the workspace changing, by table. */
const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // last_used_at moves whenever a key of the workspace is presented, even to be refused elsewhere.
  api_keys: ['last_used_at'],
};

/** Rows that move without the workspace changing, by table: left out of the hash. */
const VOLATILE_ROWS: Readonly<Record<string, string>> = {
  // The built-in meters are written every two seconds from what the process counted: every authenticated
  // workspace request (api_requests, the refused ones included), and the AI tools' tokens and tool calls of
  // the workspace's own earlier executions (ai_tokens, ai_tool_calls) land whenever that flush comes.
  usage_rollups: `meter_key NOT IN (${BUILT_IN_METERS.map((meter) => `'${meter}'`).join(', ')})`,
};

/**
 * Reads every row a workspace holds in one query — each table with a
 * workspace_id column (found in the catalog, so new contexts are covered), the
 * workspace row and its members' users — through `dataSource` (a superuser,
 * so row-level security hides nothing), hashed table by table. Cheap enough
 * to take before and after every request of a walk.
 */
export async function workspaceFingerprinter(
  dataSource: DataSource,
): Promise<(workspaceId: string) => Promise<WorkspaceFingerprint>> {
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT c.table_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'workspace_id'
      ORDER BY c.table_name`,
  );
  const rowsOf = (table: string): string => {
    const volatile = (VOLATILE_COLUMNS[table] ?? []).map((column) => ` - '${column}'`).join('');
    const rows = VOLATILE_ROWS[table] ? ` AND ${VOLATILE_ROWS[table]}` : '';
    return `SELECT '${table}' AS source, (to_jsonb(t)${volatile})::text AS row FROM "${table}" t WHERE workspace_id = $1${rows}`;
  };
  const sql = `
    SELECT source, md5(string_agg(row, '|' ORDER BY row)) AS hash
      FROM (${[
        ...tables.map(({ table_name: table }) => rowsOf(table)),
        `SELECT 'workspaces', to_jsonb(w)::text FROM workspaces w WHERE id = $1`,
        `SELECT 'users', to_jsonb(u)::text FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id = $1`,
      ].join(' UNION ALL ')}) rows
     GROUP BY source`;
  return async (workspaceId) => {
    const rows: { source: string; hash: string }[] = await dataSource.query(sql, [workspaceId]);
    return Object.fromEntries(rows.map((row) => [row.source, row.hash]));
  };
}

/** The tables whose rows differ between two fingerprints of a workspace. */
export function changedTables(before: WorkspaceFingerprint, after: WorkspaceFingerprint): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables].filter((table) => before[table] !== after[table]).sort();
}
