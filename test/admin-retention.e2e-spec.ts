/**
 * Retention, as a platform operator sets it: GET/PUT /v1/admin/retention and
 * the dry run, through the built API as the production login; then the daily
 * retention jobs of another process (the backbone probe, on the same
 * database) applying the days the operator set, and the audit trail's floor
 * of a year holding even against the database's own policy.
 */
import { randomUUID } from 'node:crypto';
import { SecretBox } from '@keel/platform-crypto';
import { JobQueue } from '@keel/platform-queue';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { HttpResult, jsonObject } from './support/http';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { expectProblem } from './support/problem-details';

interface Policy {
  key: string;
  description: string;
  days: number;
  defaultDays: number;
  minimumDays: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

describe('retention, as platform admins set it', () => {
  let keel: KeelOnTestDatabase;
  let admin: SignedInPerson;
  let member: SignedInPerson;
  let workspaceId: string;
  const runs = { old: randomUUID(), recent: randomUUID(), unfinished: randomUUID() };
  const audits = { beyondAYear: randomUUID(), underAYear: randomUUID() };
  /** An event of the account trail (account_audit_events) past a year: the same rule prunes both trails. */
  const accountEventBeyondAYear = randomUUID();
  /** The only event of an account's chain, past a year: its newest row, which retention keeps for the next to link to. */
  const loneAccountEvent = { userId: randomUUID(), id: randomUUID() };
  /** A chain with two anchors signed over a year ago: the older goes, the latest (the one verification checks) stays. */
  const anchoredChain = randomUUID();
  // Both processes share the database, so they share its master key too.
  const masterKey = SecretBox.generateKey();

  const url = (path: string) => `${keel.keel.url}${path}`;
  const asAdmin = (path: string, method = 'GET', body?: unknown) =>
    bearerRequest(url(path), admin.accessToken, method, body);
  const rows = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    keel.database.dataSource.query(sql, parameters);

  async function ok<T>(result: Promise<HttpResult>, status = 200): Promise<T> {
    const answer = await result;
    expect([answer.status, answer.text]).toEqual([status, expect.any(String)]);
    return jsonObject(answer) as T;
  }

  const policies = async () =>
    new Map((await ok<{ policies: Policy[] }>(asAdmin('/v1/admin/retention'))).policies.map((p) => [p.key, p]));
  const dryRun = async () =>
    new Map(
      (
        await ok<{ tables: { key: string; days: number; wouldDelete: number }[] }>(
          asAdmin('/v1/admin/retention/dry-run', 'POST'),
        )
      ).tables.map((table) => [table.key, table]),
    );
  const existing = async (table: 'job_runs' | 'audit_events' | 'account_audit_events', ids: string[]) =>
    (await rows<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).map((row) => row.id);

  async function plantJobRun(id: string, finishedAgo: string | null): Promise<void> {
    await rows(
      `INSERT INTO job_runs (workspace_id, id, type, status, max_attempts, timeout_seconds, created_at, finished_at)
       VALUES ($1, $2, 'retention.probe', $3, 1, 60, now() - interval '200 days',
               CASE WHEN $4::interval IS NULL THEN NULL ELSE now() - $4::interval END)`,
      [workspaceId, id, finishedAgo === null ? 'running' : 'succeeded', finishedAgo],
    );
  }

  /**
   * An old event of the workspace's chain, placed before its first row (seq 0, -1, …; the hashes are
   * placeholders): retention prunes by time and never a chain's newest row, which these are not.
   */
  let plantedSeq = 1;
  async function plantAuditEvent(id: string, ago: string): Promise<void> {
    plantedSeq -= 1;
    await rows(
      `INSERT INTO audit_events (id, workspace_id, action, occurred_at, seq, prev_hash, hash)
       VALUES ($1, $2, 'retention.probe', now() - $3::interval, $4, repeat('0', 64), repeat('0', 64))`,
      [id, workspaceId, ago, plantedSeq],
    );
  }

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn', KEEL_MASTER_KEY: masterKey });
    admin = await signUp(keel.keel.url, 'retention-admin');
    member = await signUp(keel.keel.url, 'retention-member');
    await rows(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [admin.userId]);
    workspaceId = (await createWorkspace(member, { name: 'Retention Holdings' })).id;
    await plantJobRun(runs.old, '100 days');
    await plantJobRun(runs.recent, '10 days');
    await plantJobRun(runs.unfinished, null);
    await plantAuditEvent(audits.beyondAYear, '400 days');
    await plantAuditEvent(audits.underAYear, '300 days');
    await rows(
      `INSERT INTO account_audit_events (user_id, id, action, occurred_at, seq, prev_hash, hash)
       VALUES ($1, $2, 'retention.probe', now() - interval '400 days', 0, repeat('0', 64), repeat('0', 64))`,
      [member.userId, accountEventBeyondAYear],
    );
    await rows(
      `INSERT INTO account_audit_events (user_id, id, action, occurred_at, seq, prev_hash, hash)
       VALUES ($1, $2, 'retention.probe', now() - interval '400 days', 1, repeat('0', 64), repeat('1', 64))`,
      [loneAccountEvent.userId, loneAccountEvent.id],
    );
    await rows(
      `INSERT INTO audit_chain_anchors (chain_kind, chain_id, seq, hash, signature, key_id, signed_at)
       SELECT 'workspace', $1, seq, repeat('0', 64), 'not checked here', 'none', now() - interval '400 days'
         FROM generate_series(1, 2) AS seq`,
      [anchoredChain],
    );
  });
  const anchorSeqs = async () =>
    (
      await rows<{ seq: string }>(`SELECT seq FROM audit_chain_anchors WHERE chain_id = $1 ORDER BY seq`, [
        anchoredChain,
      ])
    ).map((row) => Number(row.seq));

  afterAll(async () => {
    await keel?.keel.stop();
    await keel?.database.drop();
  });

  it('should list every rule at its default, with its minimum, and nobody as having set it', async () => {
    const listed = await policies();
    expect([...listed.keys()]).toEqual(['audit_events', 'event_deliveries', 'events', 'job_runs']);
    expect(listed.get('job_runs')).toMatchObject({ days: 30, defaultDays: 30, minimumDays: 1, updatedAt: null });
    expect(listed.get('audit_events')).toMatchObject({ days: 365, defaultDays: 365, minimumDays: 365 });
    expect(listed.get('events')?.description).toMatch(/dead letter/);
  });

  it('should refuse anyone but a platform admin', async () => {
    const refused = await bearerRequest(url('/v1/admin/retention'), member.accessToken, 'PUT', {
      days: { job_runs: 5 },
    });
    expectProblem(refused, { status: 403, code: 'PLATFORM_ADMIN_REQUIRED' });
  });

  it('should count what the next run would delete, deleting nothing', async () => {
    const planned = await dryRun();
    expect(planned.get('job_runs')).toEqual({ key: 'job_runs', days: 30, wouldDelete: 1 });
    // One workspace event, one account event and one superseded anchor are past a year (a chain's newest row is kept).
    expect(planned.get('audit_events')).toEqual({ key: 'audit_events', days: 365, wouldDelete: 3 });
    expect(await existing('job_runs', Object.values(runs))).toHaveLength(3);
    expect(await existing('audit_events', Object.values(audits))).toHaveLength(2);
    expect(await existing('account_audit_events', [accountEventBeyondAYear])).toHaveLength(1);
  });

  it('should refuse days under a rule’s minimum, and an unknown rule, at its path, changing none', async () => {
    expectProblem(await asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: 60, audit_events: 90 } }), {
      status: 422,
      code: 'RETENTION_BELOW_MINIMUM',
    });
    const unknown = await asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: 60, sessions: 7 } });
    const problem = expectProblem(unknown, { status: 422, code: 'RETENTION_RULE_UNKNOWN' });
    expect(problem.errors?.map((error) => error.path)).toEqual(['$.days.sessions']);
    expectProblem(await asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: 0 } }), {
      status: 422,
      code: 'RETENTION_BELOW_MINIMUM',
    });
    const notANumber = await asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: '60' } });
    const invalid = expectProblem(notANumber, { status: 422, code: 'VALIDATION_FAILED' });
    expect(invalid.errors?.map((error) => error.path)).toEqual(['$.days.job_runs']);
    expect((await policies()).get('job_runs')).toMatchObject({ days: 30, updatedAt: null });
  });

  it('should set the days, say who did, audit it, and count by them', async () => {
    const { policies: set } = await ok<{ policies: Policy[] }>(
      asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: 120, audit_events: 730 } }),
    );
    expect(set.find((policy) => policy.key === 'job_runs')).toMatchObject({
      days: 120,
      defaultDays: 30,
      updatedBy: `user:${admin.userId}`,
      updatedAt: expect.any(String),
    });
    expect((await policies()).get('audit_events')?.days).toBe(730);
    const planned = await dryRun();
    expect(planned.get('job_runs')?.wouldDelete).toBe(0);
    expect(planned.get('audit_events')?.wouldDelete).toBe(0);
    const [audit] = await rows<{ actor_id: string }>(
      `SELECT actor_id FROM platform_audit_events WHERE action = 'retention.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit?.actor_id).toBe(admin.userId);
  });

  describe('the daily runs, in another process', () => {
    let probe: RunningBackboneProbe;

    beforeAll(async () => {
      probe = await startBackboneProbe(keel.login.url, { KEEL_MASTER_KEY: masterKey });
    });

    afterAll(async () => {
      await probe?.close();
    });

    async function runAndWait(job: string, done: () => Promise<boolean>): Promise<void> {
      await probe.app.get(JobQueue).trigger(job);
      await pollUntil(`${job} to have run`, done, (finished) => finished);
    }

    it('should keep what the operator’s days still cover, then delete it once they are shortened', async () => {
      // 120 days: the run that finished 100 days ago stays. A marker run older than any setting shows the job ran.
      const marker = randomUUID();
      await plantJobRun(marker, '1000 days');
      await runAndWait('jobs.retention', async () => (await existing('job_runs', [marker])).length === 0);
      expect((await existing('job_runs', Object.values(runs))).sort()).toEqual(Object.values(runs).sort());

      await ok(asAdmin('/v1/admin/retention', 'PUT', { days: { job_runs: 50 } }));
      await runAndWait('jobs.retention', async () => (await existing('job_runs', [runs.old])).length === 0);
      expect((await existing('job_runs', [runs.recent, runs.unfinished])).sort()).toEqual(
        [runs.recent, runs.unfinished].sort(),
      );
    });

    it('should prune audit events past their retention and never one under a year', async () => {
      await ok(asAdmin('/v1/admin/retention', 'PUT', { days: { audit_events: 365 } }));
      await runAndWait(
        'audit.retention',
        async () => (await existing('audit_events', [audits.beyondAYear])).length === 0,
      );
      expect(await existing('audit_events', [audits.underAYear])).toEqual([audits.underAYear]);
      expect(await existing('account_audit_events', [accountEventBeyondAYear])).toEqual([]);
      expect(await existing('account_audit_events', [loneAccountEvent.id])).toEqual([loneAccountEvent.id]);
      expect(await anchorSeqs()).toEqual([2]);
      // Even a setting forced under the minimum in the table is held at a year by the rule and by the database.
      await rows(`UPDATE platform_retention SET days = 1 WHERE key = 'audit_events'`);
      expect((await dryRun()).get('audit_events')).toMatchObject({ days: 365, wouldDelete: 0 });
      const deleted = await keel.database.dataSource.transaction(async (manager) => {
        // As the retention job runs: keel_owner, in no workspace.
        await manager.query('SET LOCAL ROLE keel_owner');
        await manager.query(`SELECT set_config('app.workspace_id', $1, true)`, [randomUUID()]);
        const [, count]: [unknown, number] = await manager.query(`DELETE FROM audit_events WHERE id = $1`, [
          audits.underAYear,
        ]);
        return count;
      });
      expect(deleted).toBe(0);
      expect(await existing('audit_events', [audits.underAYear])).toEqual([audits.underAYear]);
    });
  });
});
