/**
 * The reviewed catalog of tenant tables, read from PostgreSQL after every
 * migration has run: each tenant table's row-level security policies are
 * exactly the ones listed here (a policy added, dropped or rewritten fails
 * until someone reviews it and changes this list), security is enabled and
 * forced, and keys keep a workspace's rows together — every primary key, every
 * foreign key between tenant tables and every unique constraint includes the
 * workspace, which is what a database distributed by workspace (Citus) needs.
 * A new context that breaks any of it fails here, not in production.
 */
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { keelMigrations } from '@keel/schema';
import { ACCOUNT_TABLES, TENANT_TABLES } from './support/tenant-tables';

/** The one expression every tenant isolation policy reads the request's workspace with. */
const CURRENT_WORKSPACE = "( SELECT (current_setting('app.workspace_id'::text))::uuid AS current_setting)";
/** The restricted transactions' user setting (`app.user_id`), empty when unset. */
const CURRENT_USER = "( SELECT (NULLIF(current_setting('app.user_id'::text, true), ''::text))::uuid AS \"nullif\")";

interface Policy {
  table: string;
  name: string;
  /** ALL, SELECT, INSERT, UPDATE or DELETE. */
  command: string;
  roles: string[];
  using: string | null;
  check: string | null;
}

/** `<table>_workspace_isolation`, as `tenantIsolationSql` writes it: rows of the current workspace only. */
function isolation(table: string, column = 'workspace_id'): Policy {
  const own = `(${column} = ${CURRENT_WORKSPACE})`;
  return { table, name: `${table}_workspace_isolation`, command: 'ALL', roles: ['public'], using: own, check: own };
}

/**
 * A `FOR ALL TO keel_owner USING (true)` policy: work that spans workspaces,
 * running as the login (a member of keel_owner) outside any tenant
 * transaction, sees every workspace's rows of this table. A tenant transaction
 * runs as keel_app, which is not a member of keel_owner, so no request gains
 * anything from it.
 */
function ownerSeesAll(table: string, name: string): Policy {
  return { table, name, command: 'ALL', roles: ['keel_owner'], using: 'true', check: 'true' };
}

/** The reviewed list: every policy of schema public, and why each one beyond isolation exists. */
const REVIEWED_POLICIES: Policy[] = [
  ...TENANT_TABLES.map((table) => isolation(table)),
  // The workspace row itself: its id is the workspace.
  isolation('workspaces', 'id'),

  // The relay reads every workspace's unrelayed events to publish them, marks them relayed, and prunes old ones.
  ownerSeesAll('outbox', 'outbox_relay'),
  // The daily event retention sees and prunes old deliveries of every workspace.
  ownerSeesAll('event_deliveries', 'event_deliveries_retention'),
  // The job reaper finds runs whose worker died, in every workspace, and job retention prunes old runs.
  ownerSeesAll('job_runs', 'job_runs_supervision'),
  // ...and their trails, which the reaper and retention write and prune along with the runs.
  ownerSeesAll('job_run_events', 'job_run_events_supervision'),
  // Master-key rotation re-seals every workspace's webhook signing secrets (a sealed column, docs/security.md).
  ownerSeesAll('webhook_endpoints', 'webhook_endpoints_key_rotation'),
  // …and the workspace secrets of AI HTTP tools.
  ownerSeesAll('workspace_secrets', 'workspace_secrets_key_rotation'),
  // …and the sealed bytes of release evidence.
  ownerSeesAll('evidence_items', 'evidence_items_key_rotation'),

  // Platform admins read across workspaces (libs/admin, AdminOwnerReads: keel_owner, read only, behind the admin guard).
  ...['workspaces', 'memberships', 'projects', 'api_keys', 'subscriptions', 'documents'].map((table): Policy => ({
    table,
    name: `${table}_platform_admin_read`,
    command: 'SELECT',
    roles: ['keel_owner'],
    using: 'true',
    check: null,
  })),

  // Billing's reconciliation metrics count open mismatches by type and read the last run across workspaces (counts only).
  ...['billing_reconciliations', 'billing_mismatches'].map((table): Policy => ({
    table,
    name: `${table}_owner_read`,
    command: 'SELECT',
    roles: ['keel_owner'],
    using: 'true',
    check: null,
  })),

  // The removal of a deleted workspace deletes its audit trail as keel_owner, naming the workspace it removes.
  {
    table: 'audit_events',
    name: 'audit_events_workspace_removal',
    command: 'DELETE',
    roles: ['keel_owner'],
    using:
      "(workspace_id = ( SELECT (NULLIF(current_setting('app.removed_workspace_id'::text, true), ''::text))::uuid AS \"nullif\"))",
    check: null,
  },

  // Audit retention (the daily audit.retention job) counts every trail's old events and deletes those past a year only.
  {
    table: 'audit_events',
    name: 'audit_events_retention_read',
    command: 'SELECT',
    roles: ['keel_owner'],
    using: 'true',
    check: null,
  },
  {
    table: 'audit_events',
    name: 'audit_events_retention',
    command: 'DELETE',
    roles: ['keel_owner'],
    using: "(occurred_at < (now() - '365 days'::interval))",
    check: null,
  },

  // A restricted document, and its chunks, only for the roles it allows or holders of documents:restricted.
  ...['documents', 'document_chunks'].map((table) => ({
    table,
    name: `${table}_visibility`,
    command: 'ALL',
    roles: ['public'],
    using:
      "((visibility = 'workspace'::text) OR (( SELECT current_setting('app.documents_restricted'::text, true) AS current_setting) = 'on'::text) OR (allowed_roles @> ARRAY[( SELECT current_setting('app.role'::text, true) AS current_setting)]))",
    check: 'true',
  })),

  // Housekeeping, as keel_owner, sees (and deletes) expired deliveries only.
  {
    table: 'webhook_deliveries',
    name: 'webhook_deliveries_housekeeping',
    command: 'ALL',
    roles: ['keel_owner'],
    using: '(expires_at < now())',
    check: null,
  },
  // The AI approval expiry sweep, as keel_owner, sees pending approvals past their time only, and only reads them.
  {
    table: 'ai_approvals',
    name: 'ai_approvals_expiry_sweep',
    command: 'SELECT',
    roles: ['keel_owner'],
    using: "((status = 'pending'::text) AND (expires_at <= now()))",
    check: null,
  },
  // Finding an API key by the hash of the presented key, before the workspace is known: only its holder can.
  {
    table: 'api_keys',
    name: 'api_keys_holder_lookup',
    command: 'SELECT',
    roles: ['public'],
    using: "(secret_hash = current_setting('app.api_key_hash'::text, true))",
    check: null,
  },
  // Finding an invite by the hash of its token, to accept it: only the token's holder can.
  {
    table: 'invites',
    name: 'invites_holder_lookup',
    command: 'SELECT',
    roles: ['public'],
    using: "(token_hash = current_setting('app.invite_token_hash'::text, true))",
    check: null,
  },
  // A user's own memberships across workspaces (GET /v1/workspaces, /v1/me).
  {
    table: 'memberships',
    name: 'memberships_own_read',
    command: 'SELECT',
    roles: ['public'],
    using: `(user_id = ${CURRENT_USER})`,
    check: null,
  },
  // ...and the workspaces those memberships name.
  {
    table: 'workspaces',
    name: 'workspaces_member_read',
    command: 'SELECT',
    roles: ['public'],
    using: `(id IN ( SELECT memberships.workspace_id FROM memberships WHERE (memberships.user_id = ${CURRENT_USER})))`,
    check: null,
  },
  // The account trail (sign-ins, password and MFA changes, …) is keyed by user, not workspace: written and read
  // only in a restricted scope naming the account (app.user_id) — GET /v1/me/audit-events, the personal data export…
  {
    table: 'account_audit_events',
    name: 'account_audit_events_own_insert',
    command: 'INSERT',
    roles: ['public'],
    using: null,
    check: `(user_id = ${CURRENT_USER})`,
  },
  {
    table: 'account_audit_events',
    name: 'account_audit_events_own_read',
    command: 'SELECT',
    roles: ['public'],
    using: `(user_id = ${CURRENT_USER})`,
    check: null,
  },
  // ...and counted and pruned, past a year only, by the audit retention as keel_owner.
  {
    table: 'account_audit_events',
    name: 'account_audit_events_retention_read',
    command: 'SELECT',
    roles: ['keel_owner'],
    using: 'true',
    check: null,
  },
  {
    table: 'account_audit_events',
    name: 'account_audit_events_retention',
    command: 'DELETE',
    roles: ['keel_owner'],
    using: "(occurred_at < (now() - '365 days'::interval))",
    check: null,
  },
];

/**
 * Where the schema departs from "the workspace is part of every key" (docs/architecture.md,
 * "Where the schema departs from DESIGN.md's keys"): each is a read that has no workspace yet.
 * A distributed deployment must handle these (a reference table, or a lookup table of its own).
 */
const KEY_EXCEPTIONS: Readonly<Record<string, string>> = {
  // A presented API key is found by its hash before its workspace is known.
  api_keys_secret_hash_key: 'an API key is found by the hash of the presented key, before the workspace is known',
  // A presented invite token is found by its hash before its workspace is known.
  invites_token_hash_key: 'an invite is found by the hash of its token, before the workspace is known',
  // Slugs are unique across the deployment: they name a workspace in URLs a person types.
  workspaces_slug_key: 'a slug names one workspace across the whole deployment',
};

/** Collapses PostgreSQL's line breaks and indentation in a deparsed expression. */
function normalised(expression: string | null): string | null {
  return expression === null ? null : expression.replace(/\s+/g, ' ').trim();
}

function byTableAndName(left: Policy, right: Policy): number {
  return `${left.table} ${left.name}`.localeCompare(`${right.table} ${right.name}`);
}

interface Constraint {
  table: string;
  name: string;
  /** p (primary key), f (foreign key) or u (unique). */
  type: string;
  columns: string[];
  referencedTable: string | null;
  referencedColumns: string[];
}

describe('tenant table catalog', () => {
  let database: TestDatabase;
  /** Tables of schema public with a workspace_id column, and workspaces (whose id is the workspace). */
  let tenantTables: string[];
  let constraints: Constraint[];

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: keelMigrations });
    const rows: { table_name: string }[] = await database.dataSource.query(
      `SELECT c.table_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'workspace_id'
        ORDER BY c.table_name`,
    );
    tenantTables = ['workspaces', ...rows.map((row) => row.table_name)].sort();
    constraints = (
      await database.dataSource.query(
        `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, c.contype AS type,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a
                       ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
                CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS "referencedTable",
                ARRAY(SELECT a.attname::text FROM unnest(coalesce(c.confkey, '{}')) k JOIN pg_attribute a
                       ON a.attrelid = c.confrelid AND a.attnum = k) AS "referencedColumns"
           FROM pg_constraint c
          WHERE c.connamespace = 'public'::regnamespace AND c.contype IN ('p', 'f', 'u')
          ORDER BY 1, 2`,
      )
    ).map((row: Constraint) => ({ ...row, table: row.table.replace(/^"|"$/g, '') }));
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** The column that names the workspace in `table`. */
  const workspaceColumnOf = (table: string): string => (table === 'workspaces' ? 'id' : 'workspace_id');

  it('should find the tenant tables this list was reviewed for, and no other', () => {
    expect(tenantTables).toEqual(['workspaces', ...TENANT_TABLES].sort());
  });

  it('should carry exactly the reviewed row-level security policies', async () => {
    const policies: Policy[] = (
      await database.dataSource.query(
        `SELECT tablename AS "table", policyname AS name, cmd AS command, roles::text[] AS roles,
                qual AS using, with_check AS check
           FROM pg_policies
          WHERE schemaname = 'public'`,
      )
    ).map((policy: Policy) => ({ ...policy, using: normalised(policy.using), check: normalised(policy.check) }));

    expect(policies.sort(byTableAndName)).toEqual([...REVIEWED_POLICIES].sort(byTableAndName));
  });

  it('should enable and force row-level security on every tenant table and account table, and on no other table', async () => {
    const tables: { name: string; enabled: boolean; forced: boolean }[] = await database.dataSource.query(
      `SELECT relname AS name, relrowsecurity AS enabled, relforcerowsecurity AS forced
         FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
        ORDER BY relname`,
    );
    const guarded = tables.filter((table) => table.enabled || table.forced);

    expect(guarded).toEqual(
      [...tenantTables, ...ACCOUNT_TABLES].sort().map((name) => ({ name, enabled: true, forced: true })),
    );
  });

  it("should include the workspace in every tenant table's primary key and unique constraints", () => {
    const keys = constraints.filter((constraint) => constraint.type !== 'f' && tenantTables.includes(constraint.table));
    const withoutWorkspace = keys
      .filter((key) => !key.columns.includes(workspaceColumnOf(key.table)))
      .map((key) => ({ constraint: key.name, columns: key.columns }));

    expect(keys.filter((key) => key.type === 'p').map((key) => key.table)).toEqual(tenantTables);
    expect(withoutWorkspace.filter((key) => !KEY_EXCEPTIONS[key.constraint])).toEqual([]);
    // An exception that no longer applies is taken off the list, so the list stays true.
    expect(Object.keys(KEY_EXCEPTIONS).sort()).toEqual(withoutWorkspace.map((key) => key.constraint).sort());
  });

  it('should match the workspace on both sides of every foreign key between tenant tables', () => {
    const between = constraints.filter(
      (constraint) =>
        constraint.type === 'f' &&
        tenantTables.includes(constraint.table) &&
        constraint.referencedTable !== null &&
        tenantTables.includes(constraint.referencedTable),
    );
    const apart = between
      .filter((foreignKey) => {
        const at = foreignKey.columns.indexOf(workspaceColumnOf(foreignKey.table));
        const referenced = workspaceColumnOf(foreignKey.referencedTable ?? '');
        return at < 0 || foreignKey.referencedColumns[at] !== referenced;
      })
      .map((foreignKey) => foreignKey.name);

    // The catalog query must have found the keys it checks: every project references its workspace, at least.
    expect(between.map((foreignKey) => foreignKey.name)).toContain('projects_workspace_id_fkey');
    expect(apart).toEqual([]);
  });
});
