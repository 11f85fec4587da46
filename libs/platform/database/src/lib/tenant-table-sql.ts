const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
}

/**
 * The row-level security every tenant table carries (DESIGN.md, "Tenancy and
 * isolation"), for migrations to append after CREATE TABLE: forced even on
 * the owner, rows visible and writable only inside a tenant transaction of
 * their workspace. The setting is read in a sub-select so it is evaluated once
 * per statement, not once per row.
 */
export function tenantIsolationSql(table: string): string {
  const name = identifier(table);
  return `
    ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${name}_workspace_isolation ON ${name}
      USING (workspace_id = (SELECT current_setting('app.workspace_id')::uuid))
      WITH CHECK (workspace_id = (SELECT current_setting('app.workspace_id')::uuid));
  `;
}

/**
 * For a tenant table whose rows expire: lets housekeeping (running as
 * keel_owner, in no workspace) see and delete expired rows, and nothing else.
 * keel_app is not a member of keel_owner, so requests gain nothing from it.
 */
export function housekeepingPolicySql(table: string, expiresAtColumn: string): string {
  const name = identifier(table);
  return `
    CREATE POLICY ${name}_housekeeping ON ${name}
      FOR ALL TO keel_owner USING (${identifier(expiresAtColumn)} < now());
  `;
}
