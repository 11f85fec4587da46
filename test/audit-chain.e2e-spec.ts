/**
 * The tamper-evident audit trail: both trails hash-chained (per workspace, per
 * account), their heads anchored with the platform's signing key, and
 * GET /v1/workspaces/{workspaceId}/audit-events/verify catching what someone
 * with the database in hand does to the rows — an edit, a deletion, a swap, a
 * cut tail, a TRUNCATE, even a rewrite that recomputes every hash after it —
 * while retention's pruning of the oldest rows leaves it valid.
 */
import { SecretBox } from '@keel/platform-crypto';
import { AuditChainAnchors, chainHash } from '@keel/identity';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { httpRequest, HttpResult, jsonObject } from './support/http';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson, uniqueEmail } from './support/keel-people';
import { addMember, createWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

interface Verification {
  valid: boolean;
  checked: number;
  firstBrokenAt?: number;
}

interface ListedEvent {
  id: string;
  action: string;
  actor: { type: string; id: string } | null;
  target: { type: string; id: string } | null;
  data: Record<string, unknown>;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  occurredAt: string;
  seq: number;
  prevHash: string;
  hash: string;
}

interface StoredRow {
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

describe('the audit chain', () => {
  let keel: KeelOnTestDatabase;
  let probe: RunningBackboneProbe;
  let owner: SignedInPerson;
  // Both processes share the database, so they share its master key (and so the signing keys) too.
  const masterKey = SecretBox.generateKey();

  const url = (path: string) => `${keel.keel.url}${path}`;
  const sql = <T>(text: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(text, parameters);

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn', KEEL_MASTER_KEY: masterKey });
    probe = await startBackboneProbe(keel.login.url, { KEEL_MASTER_KEY: masterKey });
    owner = await signUp(keel.keel.url, 'chain-owner');
  });

  afterAll(async () => {
    await probe?.close();
    await keel?.keel.stop();
    await keel?.database.drop();
  });

  async function ok<T>(result: Promise<HttpResult>, status = 200): Promise<T> {
    const answer = await result;
    expect([answer.status, answer.text]).toEqual([status, expect.any(String)]);
    return jsonObject(answer) as T;
  }

  const verify = (workspaceId: string, as = owner) =>
    ok<Verification>(bearerRequest(url(`/v1/workspaces/${workspaceId}/audit-events/verify`), as.accessToken));

  /** A workspace with `renames` audited changes after its creation: `1 + renames` events, seq 1 to 1 + renames. */
  async function workspaceWithEvents(label: string, renames: number): Promise<string> {
    const { id } = await createWorkspace(owner, { name: `${label} 0` });
    for (let index = 1; index <= renames; index += 1) {
      await ok(bearerRequest(url(`/v1/workspaces/${id}`), owner.accessToken, 'PATCH', { name: `${label} ${index}` }));
    }
    return id;
  }

  /** Runs the hourly anchoring now (as the worker would), in the probe process. */
  const anchorHeads = () => probe.app.get(AuditChainAnchors).anchorHeads();

  const rowsOf = (workspaceId: string) =>
    sql<StoredRow>(`SELECT * FROM audit_events WHERE workspace_id = $1 ORDER BY seq`, [workspaceId]);

  /** As someone with the database in hand: the superuser, in one transaction. */
  async function tamper(...statements: [string, unknown[]][]): Promise<void> {
    await keel.database.dataSource.transaction(async (manager) => {
      for (const [text, parameters] of statements) await manager.query(text, parameters);
    });
  }

  it('should chain a workspace’s events from 1, each linking to the one before, and verify them', async () => {
    const workspaceId = await workspaceWithEvents('Chained', 3);
    const rows = await rowsOf(workspaceId);

    expect(rows.map((row) => [Number(row.seq), row.action])).toEqual([
      [1, 'workspace.created'],
      [2, 'workspace.updated'],
      [3, 'workspace.updated'],
      [4, 'workspace.updated'],
    ]);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    expect(rows.slice(1).map((row) => row.prev_hash)).toEqual(rows.slice(0, -1).map((row) => row.hash));
    expect(await verify(workspaceId)).toEqual({ valid: true, checked: 4 });
  });

  it('should let anyone recompute each hash from the events GET …/audit-events returns (the documented form)', async () => {
    const workspaceId = await workspaceWithEvents('Recomputed', 2);
    const page = await ok<{ data: ListedEvent[] }>(
      bearerRequest(url(`/v1/workspaces/${workspaceId}/audit-events`), owner.accessToken),
    );
    const chain = { kind: 'workspace' as const, id: workspaceId };
    const recomputed = page.data.map((event) =>
      chainHash(chain, {
        seq: event.seq,
        id: event.id,
        action: event.action,
        actorType: event.actor?.type ?? null,
        actorId: event.actor?.id ?? null,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        data: event.data,
        clientAddress: event.clientAddress,
        userAgent: event.userAgent,
        requestId: event.requestId,
        occurredAt: new Date(event.occurredAt),
        prevHash: event.prevHash,
      }),
    );

    expect(page.data.map((event) => event.seq)).toEqual([3, 2, 1]);
    expect(recomputed).toEqual(page.data.map((event) => event.hash));
    expect(page.data.slice(0, -1).map((event) => event.prevHash)).toEqual(
      page.data.slice(1).map((event) => event.hash),
    );
  });

  it('should keep one unforked chain when many requests of one workspace write at once', async () => {
    const { id: workspaceId } = await createWorkspace(owner, { name: 'Busy 0' });
    const writers = 16;
    await Promise.all(
      Array.from({ length: writers }, (_, index) =>
        ok(
          bearerRequest(url(`/v1/workspaces/${workspaceId}`), owner.accessToken, 'PATCH', {
            name: `Busy ${index + 1}`,
          }),
        ),
      ),
    );
    const seqs = (await rowsOf(workspaceId)).map((row) => Number(row.seq));

    expect(seqs).toEqual(Array.from({ length: writers + 1 }, (_, index) => index + 1));
    expect(await verify(workspaceId)).toEqual({ valid: true, checked: writers + 1 });
  });

  it('should sign each moved chain head with the platform’s signing key, and only moved ones', async () => {
    const workspaceId = await workspaceWithEvents('Anchored', 2);
    await anchorHeads();
    const [anchor] = await sql<{ seq: string; hash: string; key_id: string; signature: string }>(
      `SELECT seq, hash, key_id, signature FROM audit_chain_anchors WHERE chain_kind = 'workspace' AND chain_id = $1`,
      [workspaceId],
    );
    const jwks = await ok<{ keys: { kid: string }[] }>(bearerRequest(url('/.well-known/jwks.json'), owner.accessToken));
    const head = (await rowsOf(workspaceId)).at(-1);

    expect(anchor).toEqual({ seq: '3', hash: head?.hash, key_id: expect.any(String), signature: expect.any(String) });
    expect(jwks.keys.map((key) => key.kid)).toContain(anchor?.key_id);
    // A compact JWS whose header names the key and what it is.
    const header = JSON.parse(Buffer.from(anchor?.signature.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: anchor?.key_id, typ: 'keel-audit-anchor+jws' });
    await anchorHeads();
    const anchors = await sql(`SELECT 1 FROM audit_chain_anchors WHERE chain_id = $1`, [workspaceId]);
    expect(anchors).toHaveLength(1);
    expect(await verify(workspaceId)).toEqual({ valid: true, checked: 3 });
  });

  describe('rows changed in the database, each caught', () => {
    /** Five events (seq 1 to 5), anchored at 5. */
    async function anchoredWorkspace(label: string): Promise<string> {
      const workspaceId = await workspaceWithEvents(label, 4);
      await anchorHeads();
      return workspaceId;
    }

    it('should catch an edited row, at its place', async () => {
      const workspaceId = await anchoredWorkspace('Edited');
      await tamper([
        `UPDATE audit_events SET data = '{"name":"nothing happened"}' WHERE workspace_id = $1 AND seq = 3`,
        [workspaceId],
      ]);

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 3, firstBrokenAt: 3 });
    });

    it('should catch an edited actor or time, too', async () => {
      const workspaceId = await anchoredWorkspace('Backdated');
      await tamper([
        `UPDATE audit_events SET occurred_at = occurred_at - interval '1 day' WHERE workspace_id = $1 AND seq = 2`,
        [workspaceId],
      ]);

      expect(await verify(workspaceId)).toMatchObject({ valid: false, firstBrokenAt: 2 });
    });

    it('should catch a deleted row, at its place', async () => {
      const workspaceId = await anchoredWorkspace('Deleted');
      await tamper([`DELETE FROM audit_events WHERE workspace_id = $1 AND seq = 4`, [workspaceId]]);

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 4, firstBrokenAt: 4 });
    });

    it('should catch two rows swapped, at the first of them', async () => {
      const workspaceId = await anchoredWorkspace('Reordered');
      await tamper(
        [`UPDATE audit_events SET seq = -2 WHERE workspace_id = $1 AND seq = 2`, [workspaceId]],
        [`UPDATE audit_events SET seq = 2 WHERE workspace_id = $1 AND seq = 3`, [workspaceId]],
        [`UPDATE audit_events SET seq = 3 WHERE workspace_id = $1 AND seq = -2`, [workspaceId]],
      );

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 2, firstBrokenAt: 2 });
    });

    it('should catch the newest rows cut off, at the first one missing (the anchor remembers them)', async () => {
      const workspaceId = await anchoredWorkspace('Truncated');
      await tamper([`DELETE FROM audit_events WHERE workspace_id = $1 AND seq >= 4`, [workspaceId]]);

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 3, firstBrokenAt: 4 });
    });

    it('should catch a rewrite that recomputes every hash after the edit, by the anchor', async () => {
      const workspaceId = await anchoredWorkspace('Rewritten');
      const rows = await rowsOf(workspaceId);
      const chain = { kind: 'workspace' as const, id: workspaceId };
      let previous = rows[1]?.hash ?? '';
      const rewritten: [string, unknown[]][] = [];
      for (const row of rows.slice(2)) {
        const data = row.seq === '3' ? { name: 'nothing happened' } : row.data;
        const hash = chainHash(chain, {
          seq: Number(row.seq),
          id: row.id,
          action: row.action,
          actorType: row.actor_type,
          actorId: row.actor_id,
          targetType: row.target_type,
          targetId: row.target_id,
          data,
          clientAddress: row.client_address,
          userAgent: row.user_agent,
          requestId: row.request_id,
          occurredAt: row.occurred_at,
          prevHash: previous,
        });
        rewritten.push([
          `UPDATE audit_events SET data = $3, prev_hash = $4, hash = $5 WHERE workspace_id = $1 AND id = $2`,
          [workspaceId, row.id, JSON.stringify(data), previous, hash],
        ]);
        previous = hash;
      }
      await tamper(...rewritten);

      // Every link holds, but row 5 no longer has the hash the platform signed.
      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 5, firstBrokenAt: 5 });
    });

    it('should catch an anchor whose hash was changed to match a rewrite, by its signature', async () => {
      const workspaceId = await anchoredWorkspace('Forged');
      await tamper([
        `UPDATE audit_chain_anchors SET hash = repeat('a', 64) WHERE chain_kind = 'workspace' AND chain_id = $1`,
        [workspaceId],
      ]);

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 5, firstBrokenAt: 5 });
    });

    it('should stay valid when retention has pruned the oldest rows, verifying from the oldest kept', async () => {
      const workspaceId = await anchoredWorkspace('Pruned');
      await tamper([`DELETE FROM audit_events WHERE workspace_id = $1 AND seq <= 2`, [workspaceId]]);

      expect(await verify(workspaceId)).toEqual({ valid: true, checked: 3 });
    });

    it('should catch the whole table truncated', async () => {
      const workspaceId = await anchoredWorkspace('Emptied');
      await tamper([`TRUNCATE audit_events`, []]);

      expect(await verify(workspaceId)).toEqual({ valid: false, checked: 0, firstBrokenAt: 1 });
    });
  });

  it('should answer verify to the audit permission only, and a foreign workspace with 404', async () => {
    const workspaceId = await workspaceWithEvents('Guarded', 0);
    const viewer = await addMember(keel.keel.url, owner, workspaceId, {
      email: uniqueEmail('chain-viewer'),
      name: 'Chain viewer',
      role: 'viewer',
    });
    const stranger = await signUp(keel.keel.url, 'chain-stranger');
    const verifyAs = (person: SignedInPerson) =>
      bearerRequest(url(`/v1/workspaces/${workspaceId}/audit-events/verify`), person.accessToken);

    expectProblem(await verifyAs(viewer), { status: 403, code: 'PERMISSION_DENIED' });
    expectProblem(await verifyAs(stranger), { status: 404, code: 'WORKSPACE_NOT_FOUND' });
  });

  describe('the account trail', () => {
    it('should chain an account’s events and still list them at GET /v1/me/audit-events', async () => {
      const person = await signUp(keel.keel.url, 'chain-account');
      await ok(bearerRequest(url('/v1/me'), person.accessToken, 'PATCH', { name: 'Renamed e2e' }));
      const listed = await ok<{ data: { action: string }[] }>(
        bearerRequest(url('/v1/me/audit-events'), person.accessToken),
      );
      const rows = await sql<StoredRow>(`SELECT * FROM account_audit_events WHERE user_id = $1 ORDER BY seq`, [
        person.userId,
      ]);

      expect(listed.data.map((event) => event.action)).toEqual(['account.name_changed', 'auth.signed_up']);
      expect(rows.map((row) => [Number(row.seq), row.action])).toEqual([
        [1, 'auth.signed_up'],
        [2, 'account.name_changed'],
      ]);
      const chain = { kind: 'account' as const, id: person.userId };
      for (const row of rows) {
        expect(
          chainHash(chain, {
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
          }),
        ).toBe(row.hash);
      }
      expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    });

    it('should keep failed sign-ins of addresses without an account in the chain of the nil user', async () => {
      const before = await sql<{ seq: string }>(
        `SELECT coalesce(max(seq), 0) AS seq FROM account_audit_events WHERE user_id = '00000000-0000-0000-0000-000000000000'`,
      );
      const refused = await httpRequest(url('/v1/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody-here@example.com', password: 'not a password at all' }),
      });
      expect(refused.status).toBe(401);
      const [row] = await sql<{ seq: string; action: string }>(
        `SELECT seq, action FROM account_audit_events
          WHERE user_id = '00000000-0000-0000-0000-000000000000' ORDER BY seq DESC LIMIT 1`,
      );

      expect(row).toEqual({ seq: String(Number(before[0]?.seq) + 1), action: 'auth.sign_in_failed' });
    });
  });
});
