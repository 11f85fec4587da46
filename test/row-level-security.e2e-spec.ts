/**
 * The database half of tenant isolation: on a database migrated by the built
 * app, every table holding a workspace_id is guarded by row-level security
 * that PostgreSQL enforces even on the table's owner, and the application
 * role, with workspace A set, can read and write A's rows only. Whatever a
 * query in the app forgets, these policies still hold.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, DatabaseError } from 'pg';
import { createApplicationLogin } from '@keel/platform-testing';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { populateWorkspace, PopulatedWorkspace } from './support/keel-tenants';
import { plantWorkspaceHistory, workspaceDrained } from './support/workspace-history';
import { TENANT_TABLES } from './support/tenant-tables';

/** What a statement did: how many rows it touched, or the SQLSTATE it failed with. */
type Outcome = { rows: number } | { code: string; message: string };

interface Attempt {
  outcome: Outcome;
  rows: Record<string, unknown>[];
}

/** SQLSTATEs of a policy that cannot read app.workspace_id: never set (42704), or lapsed to '' (22P02). */
const WORKSPACE_NOT_SET = ['42704', '22P02'];

/**
 * Runs `sql` on `client` as the application does: in a transaction of its
 * own that first becomes keel_app and sets the workspace (unless
 * `workspaceId` is null), rolled back afterwards.
 */
async function attemptAsApp(
  client: Client,
  workspaceId: string | null,
  sql: string,
  params: unknown[] = [],
): Promise<Attempt> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL ROLE keel_app');
    if (workspaceId !== null) await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
    const result = await client.query(sql, params);
    return { outcome: { rows: result.rowCount ?? 0 }, rows: result.rows };
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    return { outcome: { code: error.code ?? 'unknown', message: error.message }, rows: [] };
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The rows a read without a workspace returned; a refusal because none is set counts as none (it leaks nothing). */
function rowsWithoutWorkspace({ outcome, rows }: Attempt): unknown {
  if ('code' in outcome && !WORKSPACE_NOT_SET.includes(outcome.code)) return `unexpected failure: ${outcome.message}`;
  return rows;
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

describe('row-level security on tenant tables', () => {
  let keel: KeelOnTestDatabase;
  let alpha: PopulatedWorkspace;
  let bravo: PopulatedWorkspace;
  /** Every table of schema public with a workspace_id column: its columns, and whether keel_app may UPDATE it. */
  let tenantTables: { table: string; columns: string[]; appMayUpdate: boolean }[];
  /** A login like production's: no superuser, no BYPASSRLS, member of keel_owner and keel_app. */
  let login: { user: string; url: string };
  let app: Client;

  /** As the superuser (row-level security does not apply): how many rows of `workspaceId` a table holds. */
  const countAsSuperuser = async (table: string, workspaceId: string): Promise<number> => {
    const [row] = await keel.database.dataSource.query(
      `SELECT count(*)::int AS count FROM ${quoted(table)} WHERE workspace_id = $1`,
      [workspaceId],
    );
    return Number(row['count']);
  };

  /**
   * Runs `sql` as the application does: in a transaction of its own that
   * first becomes keel_app and sets the workspace (unless `workspaceId` is
   * null), rolled back afterwards.
   */
  const asApp = (workspaceId: string | null, sql: string, params: unknown[] = []): Promise<Attempt> =>
    attemptAsApp(app, workspaceId, sql, params);

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
    alpha = await populateWorkspace(keel.keel.url, 'alpha');
    bravo = await populateWorkspace(keel.keel.url, 'bravo');
    // Rows that only failures and time make (dead letters, failed jobs, webhook attempts), and the work populating set off.
    for (const workspace of [alpha, bravo]) {
      await plantWorkspaceHistory(keel.database.dataSource, workspace);
      await workspaceDrained(keel.database.dataSource, workspace.id);
    }

    const columns: { table_name: string; column_name: string }[] = await keel.database.dataSource.query(
      `SELECT c.table_name, c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          AND c.table_name IN (SELECT table_name FROM information_schema.columns
                                WHERE table_schema = 'public' AND column_name = 'workspace_id')
        ORDER BY c.table_name, c.ordinal_position`,
    );
    const byTable = new Map<string, string[]>();
    for (const { table_name, column_name } of columns)
      byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
    tenantTables = [];
    for (const [table, tableColumns] of byTable) {
      const [privilege] = await keel.database.dataSource.query(
        `SELECT has_table_privilege('keel_app', $1::regclass, 'UPDATE') AS may`,
        [`public.${quoted(table)}`],
      );
      tenantTables.push({ table, columns: tableColumns, appMayUpdate: privilege['may'] === true });
    }

    login = await createApplicationLogin(keel.database);
    app = new Client({ connectionString: login.url });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await keel?.stop();
  });

  it('should find every tenant table, at least the known ones', () => {
    expect(tenantTables.map(({ table }) => table)).toEqual(expect.arrayContaining(TENANT_TABLES));
  });

  it('should enable and force row-level security on every table with a workspace_id column', async () => {
    const flags: { relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }[] =
      await keel.database.dataSource.query(
        `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relname = ANY($1) ORDER BY c.relname`,
        [tenantTables.map(({ table }) => table)],
      );

    expect(flags).toEqual(
      tenantTables.map(({ table }) => ({ relname: table, relrowsecurity: true, relforcerowsecurity: true })),
    );
  });

  it('should enable and force row-level security on workspaces too, whose own id is the workspace', async () => {
    const [flags] = await keel.database.dataSource.query(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'public.workspaces'::regclass`,
    );

    expect(flags).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('should give neither the application role nor the login a way around row-level security', async () => {
    const roles = await keel.database.dataSource.query(
      `SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [['keel_app', 'keel_owner', login.user]],
    );

    expect(roles).toEqual(
      ['keel_app', 'keel_owner', login.user]
        .sort()
        .map((rolname) => ({ rolname, rolsuper: false, rolbypassrls: false })),
    );
  });

  describe('as the application role with workspace A set', () => {
    it("should hold rows of both workspaces in the known tables, so that hiding B's is a real test", async () => {
      const counts = await Promise.all(
        TENANT_TABLES.map(async (table) => ({
          table,
          alpha: (await countAsSuperuser(table, alpha.id)) > 0,
          bravo: (await countAsSuperuser(table, bravo.id)) > 0,
        })),
      );

      expect(counts).toEqual(TENANT_TABLES.map((table) => ({ table, alpha: true, bravo: true })));
    });

    it("should show A's rows, all of them, and nothing else in every tenant table", async () => {
      const seen = [];
      const expected = [];
      for (const { table } of tenantTables) {
        const { outcome, rows } = await asApp(
          alpha.id,
          `SELECT workspace_id::text AS workspace_id, count(*)::int AS count FROM ${quoted(table)} GROUP BY 1`,
        );
        seen.push({ table, rows: 'rows' in outcome ? rows : outcome.message });
        const count = await countAsSuperuser(table, alpha.id);
        expected.push({ table, rows: count > 0 ? [{ workspace_id: alpha.id, count }] : [] });
      }

      expect(seen).toEqual(expected);
    });

    it('should show workspace A alone in workspaces', async () => {
      const { rows } = await asApp(alpha.id, `SELECT id::text FROM workspaces`);

      expect(rows).toEqual([{ id: alpha.id }]);
    });

    it('should refuse to insert a row of workspace B into any tenant table', async () => {
      const outcomes = [];
      for (const { table, columns } of tenantTables) {
        if ((await countAsSuperuser(table, alpha.id)) === 0) {
          throw new Error(`${table} holds no row of workspace A to copy: make the set-up create one.`);
        }
        // A copy of one of A's rows, made B's; its id and unique hashes new, so that only the workspace is wrong.
        // `row_to_copy.*` is the whole row even where a column shares the alias's name (evidence_items.source).
        const changes: Record<string, string> = { workspace_id: bravo.id };
        if (columns.includes('id')) changes['id'] = randomUUID();
        for (const column of columns.filter((name) => name.endsWith('_hash'))) {
          changes[column] = randomBytes(32).toString('hex');
        }
        const { outcome } = await asApp(
          alpha.id,
          `INSERT INTO ${quoted(table)}
           SELECT (jsonb_populate_record(NULL::${quoted(table)}, to_jsonb(row_to_copy.*) || $1::jsonb)).*
             FROM ${quoted(table)} row_to_copy WHERE workspace_id = $2 LIMIT 1`,
          [JSON.stringify(changes), alpha.id],
        );
        outcomes.push({ table, outcome });
      }

      expect(outcomes).toEqual(
        tenantTables.map(({ table }) => ({
          table,
          outcome: { code: '42501', message: expect.stringContaining('row-level security') },
        })),
      );
    });

    it("should refuse to move A's rows into workspace B", async () => {
      const outcomes = [];
      for (const { table } of tenantTables) {
        const { outcome } = await asApp(
          alpha.id,
          `UPDATE ${quoted(table)} SET workspace_id = $1 WHERE workspace_id = $2`,
          [bravo.id, alpha.id],
        );
        outcomes.push({ table, outcome });
      }

      // A table keel_app may not update at all (audit_events) refuses by grant; the others by their policy.
      expect(outcomes).toEqual(
        tenantTables.map(({ table, appMayUpdate }) => ({
          table,
          outcome: {
            code: '42501',
            message: expect.stringMatching(appMayUpdate ? /row-level security/ : /permission denied/),
          },
        })),
      );
    });

    it("should update and delete none of B's rows", async () => {
      const touched = [];
      for (const { table } of tenantTables) {
        for (const statement of [
          `UPDATE ${quoted(table)} SET workspace_id = workspace_id WHERE workspace_id = $1`,
          `DELETE FROM ${quoted(table)} WHERE workspace_id = $1`,
        ]) {
          const { outcome } = await asApp(alpha.id, statement, [bravo.id]);
          // A statement refused by grant (audit_events) touches nothing either.
          touched.push({ statement, rows: 'rows' in outcome ? outcome.rows : outcome.code === '42501' ? 0 : outcome });
        }
      }

      expect(touched).toEqual(touched.map(({ statement }) => ({ statement, rows: 0 })));
    });

    it('should let the application role insert and read audit events of its workspace', async () => {
      const id = randomUUID();
      await app.query('BEGIN');
      try {
        await app.query('SET LOCAL ROLE keel_app');
        await app.query(`SELECT set_config('app.workspace_id', $1, true)`, [alpha.id]);
        // A place far past the chain's head, with placeholder hashes: the grant and policy are what is tested here.
        await app.query(
          `INSERT INTO audit_events (id, workspace_id, action, seq, prev_hash, hash)
           VALUES ($1, $2, 'test.recorded', 1000000, repeat('0', 64), repeat('0', 64))`,
          [id, alpha.id],
        );
        const { rows } = await app.query(`SELECT workspace_id::text, action FROM audit_events WHERE id = $1`, [id]);

        expect(rows).toEqual([{ workspace_id: alpha.id, action: 'test.recorded' }]);
      } finally {
        await app.query('ROLLBACK');
      }
    });

    it.each([
      ['update', `UPDATE audit_events SET action = action WHERE workspace_id = $1`],
      ['delete', `DELETE FROM audit_events WHERE workspace_id = $1`],
    ])('should not let the application role %s audit events, even of its own workspace', async (_verb, statement) => {
      const { outcome } = await asApp(alpha.id, statement, [alpha.id]);

      expect(outcome).toEqual({ code: '42501', message: expect.stringContaining('permission denied') });
    });
  });

  describe('as the application role with no workspace set', () => {
    it('should show no tenant rows on a connection that never set one', async () => {
      const fresh = new Client({ connectionString: login.url });
      await fresh.connect();
      const seen = [];
      try {
        for (const { table } of tenantTables) {
          const attempt = await attemptAsApp(fresh, null, `SELECT workspace_id::text FROM ${quoted(table)}`);
          seen.push({ table, rows: rowsWithoutWorkspace(attempt) });
        }
      } finally {
        await fresh.end();
      }

      expect(seen).toEqual(tenantTables.map(({ table }) => ({ table, rows: [] })));
    });

    it("should show no tenant rows once the previous transaction's workspace has lapsed", async () => {
      // What a pooled connection looks like to the next request: the setting exists, and is empty.
      await asApp(alpha.id, 'SELECT 1');
      const seen = [];
      for (const { table } of tenantTables) {
        const attempt = await asApp(null, `SELECT workspace_id::text FROM ${quoted(table)}`);
        seen.push({ table, rows: rowsWithoutWorkspace(attempt) });
      }

      expect(seen).toEqual(tenantTables.map(({ table }) => ({ table, rows: [] })));
    });
  });
});
