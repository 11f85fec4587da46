/**
 * Upgrading a database whose audit trail predates the split and the chain:
 * the account rows of `audit_events` (no workspace) move to
 * `account_audit_events` under their account (or the nil user when they
 * concern none), the workspace rows stay, and both trails come out chained in
 * the order their rows were written, verifiable by the documented form.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, runPendingMigrations } from '@keel/platform-database';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { AuditChainKey, chainHash } from '@keel/identity';
import { keelMigrations } from '@keel/schema';

/** The migrations that split and chain the trail: the database is first built without them. */
const SPLIT_AND_CHAIN = ['AccountAuditTrail1764000020100', 'AuditChain1764000020110'];
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

interface ChainedRow {
  chain_id: string;
  seq: string;
  id: string;
  action: string;
  actor_type: string | null;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
  client_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

function recomputed(kind: AuditChainKey['kind'], row: ChainedRow): string {
  return chainHash(
    { kind, id: row.chain_id },
    {
      seq: Number(row.seq),
      id: row.id,
      action: row.action,
      actorType: row.actor_type,
      actorId: row.actor_id,
      targetType: row.target_type,
      targetId: row.target_id,
      data: row.data,
      clientAddress: row.client_address,
      userAgent: row.user_agent,
      requestId: row.request_id,
      occurredAt: row.occurred_at,
      prevHash: row.prev_hash,
    },
  );
}

describe('the audit trail migrations, on a database with a trail', () => {
  let database: TestDatabase;
  const workspace = '0193a5e2-0000-7000-8000-00000000000a';
  const ada = '0193a5e2-0000-7000-8000-0000000000ad';
  // UUIDv7-like ids in the order the rows were written.
  const ids = Array.from({ length: 6 }, (_, index) => `0193a5e2-0000-7000-8000-00000000010${index}`);

  beforeAll(async () => {
    database = await createTestDatabase({
      migrations: keelMigrations.filter((migration) => !SPLIT_AND_CHAIN.includes(migration.name)),
    });
    const insert = (id: string, workspaceId: string | null, subject: string | null, action: string, data = {}) =>
      database.dataSource.query(
        `INSERT INTO audit_events (id, workspace_id, subject_user_id, action, actor_type, actor_id, data, occurred_at)
         VALUES ($1, $2, $3, $4, 'user', $5, $6, '2026-11-01T10:00:00.123456Z'::timestamptz + $7 * interval '1 minute')`,
        [id, workspaceId, subject, action, ada, JSON.stringify(data), ids.indexOf(id)],
      );
    await insert(ids[0] ?? '', null, ada, 'auth.signed_up');
    await insert(ids[1] ?? '', workspace, null, 'workspace.created', { name: 'Acme', slug: 'acme' });
    await insert(ids[2] ?? '', null, null, 'auth.sign_in_failed');
    await insert(ids[3] ?? '', workspace, null, 'workspace.updated', {
      to: { name: 'Acme 2' },
      from: { name: 'Acme' },
    });
    await insert(ids[4] ?? '', null, ada, 'auth.signed_in');

    const upgraded = new DataSource(dataSourceOptions({ url: database.url, migrations: keelMigrations }));
    await upgraded.initialize();
    try {
      await runPendingMigrations(upgraded);
    } finally {
      await upgraded.destroy();
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should leave only workspace events in audit_events, chained per workspace', async () => {
    const rows: ChainedRow[] = await database.dataSource.query(
      `SELECT workspace_id AS chain_id, * FROM audit_events ORDER BY workspace_id, seq`,
    );

    expect(rows.map((row) => [row.chain_id, Number(row.seq), row.action])).toEqual([
      [workspace, 1, 'workspace.created'],
      [workspace, 2, 'workspace.updated'],
    ]);
    expect(rows.map((row) => recomputed('workspace', row))).toEqual(rows.map((row) => row.hash));
    expect(rows.map((row) => row.prev_hash)).toEqual(['0'.repeat(64), rows[0]?.hash]);
  });

  it('should move account events to the account trail, under their account or the nil user, chained per account', async () => {
    const rows: ChainedRow[] = await database.dataSource.query(
      `SELECT user_id AS chain_id, * FROM account_audit_events ORDER BY user_id, seq`,
    );

    expect(rows.map((row) => [row.chain_id, Number(row.seq), row.action])).toEqual([
      [NO_ACCOUNT, 1, 'auth.sign_in_failed'],
      [ada, 1, 'auth.signed_up'],
      [ada, 2, 'auth.signed_in'],
    ]);
    expect(rows.map((row) => recomputed('account', row))).toEqual(rows.map((row) => row.hash));
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    // Times cut to the millisecond the canonical form carries.
    expect(rows[1]?.occurred_at.toISOString()).toBe('2026-11-01T10:00:00.123Z');
  });
});
