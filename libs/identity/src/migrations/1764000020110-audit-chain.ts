import type { QueryRunner } from 'typeorm';
import { DATABASE_OWNER_ROLE, SqlMigration } from '@keel/platform-database';
import { AUDIT_CHAIN_GENESIS, AuditChainKey, chainHash } from '../lib/audit/audit-chain';

/**
 * Hash-chains both audit trails (docs/security.md, "The audit chain"): every
 * row gets its place in its chain (`seq`, per workspace in audit_events, per
 * account in account_audit_events), the previous row's hash and its own. The
 * rows already there are chained here in the order they were written (their
 * UUIDv7 ids), their times first cut to the millisecond the canonical form
 * carries. Signed anchors of the chains' heads go to `audit_chain_anchors`: a
 * global table (the platform's statements about each chain, no workspace's
 * data) that keel_app may read and never change.
 */
export class AuditChain1764000020110 extends SqlMigration {
  readonly name = 'AuditChain1764000020110';

  protected readonly upSql = `
    ALTER TABLE audit_events ADD COLUMN seq bigint NULL, ADD COLUMN prev_hash text NULL, ADD COLUMN hash text NULL;
    ALTER TABLE account_audit_events ADD COLUMN seq bigint NULL, ADD COLUMN prev_hash text NULL, ADD COLUMN hash text NULL;
    ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
    ALTER TABLE account_audit_events NO FORCE ROW LEVEL SECURITY;
    UPDATE audit_events SET occurred_at = date_trunc('milliseconds', occurred_at);
    UPDATE account_audit_events SET occurred_at = date_trunc('milliseconds', occurred_at);
  `;

  private readonly finishSql = `
    ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
      ALTER COLUMN hash SET NOT NULL;
    ALTER TABLE account_audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
      ALTER COLUMN hash SET NOT NULL;
    CREATE UNIQUE INDEX audit_events_chain_key ON audit_events (workspace_id, seq);
    CREATE UNIQUE INDEX account_audit_events_chain_key ON account_audit_events (user_id, seq);
    ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
    ALTER TABLE account_audit_events FORCE ROW LEVEL SECURITY;

    CREATE TABLE audit_chain_anchors (
      chain_kind text NOT NULL,
      chain_id uuid NOT NULL,
      seq bigint NOT NULL,
      hash text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      signed_at timestamptz NOT NULL,
      CONSTRAINT audit_chain_anchors_pkey PRIMARY KEY (chain_kind, chain_id, seq),
      CONSTRAINT audit_chain_anchors_chain_kind_check CHECK (chain_kind IN ('workspace', 'account'))
    );
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_chain_anchors FROM keel_app;
  `;

  protected readonly downSql = `
    DROP TABLE audit_chain_anchors;
    DROP INDEX account_audit_events_chain_key;
    DROP INDEX audit_events_chain_key;
    ALTER TABLE account_audit_events DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash;
    ALTER TABLE audit_events DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash;
  `;

  override async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
    await queryRunner.query(this.upSql);
    await chainExistingRows(queryRunner, 'audit_events', 'workspace_id', 'workspace');
    await chainExistingRows(queryRunner, 'account_audit_events', 'user_id', 'account');
    await queryRunner.query(this.finishSql);
    await queryRunner.query('RESET ROLE');
  }
}

interface StoredRow {
  chain_id: string;
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
}

const BATCH = 500;

/** Chains the rows of `table`, chain by chain in id order, a batch of rows per UPDATE. */
async function chainExistingRows(
  queryRunner: QueryRunner,
  table: string,
  chainColumn: string,
  kind: AuditChainKey['kind'],
): Promise<void> {
  let after: [string, string] | undefined;
  let head: { chainId: string; seq: number; hash: string } | undefined;
  for (;;) {
    const rows: StoredRow[] = await queryRunner.query(
      `SELECT ${chainColumn} AS chain_id, id, action, actor_type, actor_id, target_type, target_id, data,
              client_address, user_agent, request_id, occurred_at
         FROM ${table}
        ${after ? `WHERE (${chainColumn}, id) > ($1, $2)` : ''}
        ORDER BY ${chainColumn}, id LIMIT ${BATCH}`,
      after ?? [],
    );
    if (rows.length === 0) return;
    const links: [string, string, number, string, string][] = [];
    for (const row of rows) {
      const seq = head?.chainId === row.chain_id ? head.seq + 1 : 1;
      const prevHash = head?.chainId === row.chain_id ? head.hash : AUDIT_CHAIN_GENESIS;
      const hash = chainHash(
        { kind, id: row.chain_id },
        {
          seq,
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
          prevHash,
        },
      );
      links.push([row.chain_id, row.id, seq, prevHash, hash]);
      head = { chainId: row.chain_id, seq, hash };
    }
    await queryRunner.query(
      `UPDATE ${table} t SET seq = l.seq, prev_hash = l.prev_hash, hash = l.hash
         FROM jsonb_to_recordset($1::jsonb) AS l(chain_id uuid, id uuid, seq bigint, prev_hash text, hash text)
        WHERE t.${chainColumn} = l.chain_id AND t.id = l.id`,
      [
        JSON.stringify(
          links.map(([chainId, id, seq, prevHash, hash]) => ({
            chain_id: chainId,
            id,
            seq,
            prev_hash: prevHash,
            hash,
          })),
        ),
      ],
    );
    const last = rows[rows.length - 1];
    after = [last.chain_id, last.id];
  }
}
