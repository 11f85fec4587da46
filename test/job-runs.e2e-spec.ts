/**
 * Job runs through the API on real PostgreSQL and pg-boss: the ledger's
 * states, progress and trail, checkpoints a retry resumes from, cancel of a
 * queued and of a running run, timeouts, and retrying a failed run.
 */
import { SecretBox } from '@keel/platform-crypto';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { JobQueue } from '@keel/platform-queue';
import { keelMigrations } from '@keel/schema';
import { PROBE_SLOW_JOB } from './support/backbone/probe-backbone.module';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { httpRequest, jsonObject, postJson } from './support/http';
import { signUp, SignedInPerson } from './support/keel-people';
import { parseLogLines } from './support/log-lines';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

type Json = Record<string, unknown>;

describe('job runs', () => {
  let database: TestDatabase;
  let apiOnly: RunningBackboneProbe;
  let worker: RunningBackboneProbe | undefined;
  let owner: SignedInPerson;
  let workspaceId: string;
  const env = { KEEL_MASTER_KEY: SecretBox.generateKey() };

  const auth = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const jobsUrl = () => `${apiOnly.url}/v1/workspaces/${workspaceId}/jobs`;
  const ensureWorker = async (): Promise<void> => {
    worker ??= await startBackboneProbe(database.url, env);
  };
  const start = async (input: Json): Promise<string> => {
    const answer = await postJson(`${apiOnly.url}/v1/workspaces/${workspaceId}/probe/jobs`, input, auth());
    expect(answer.status).toBe(201);
    return String(jsonObject(answer)['id']);
  };
  const job = async (id: string): Promise<Json> =>
    jsonObject(await httpRequest(`${jobsUrl()}/${id}`, { headers: auth() }));
  const trail = async (id: string): Promise<Json[]> =>
    jsonObject(await httpRequest(`${jobsUrl()}/${id}/events?limit=100`, { headers: auth() }))['data'] as Json[];
  const until = (id: string, accept: (run: Json) => boolean, timeoutMs = 30_000) =>
    pollUntil(`job ${id}`, () => job(id), accept, { timeoutMs });
  const stepsOf = async (id: string) =>
    (await database.dataSource.query('SELECT step, attempt FROM probe_steps WHERE run_id = $1 ORDER BY step, attempt', [
      id,
    ])) as Array<{
      step: number;
      attempt: number;
    }>;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: keelMigrations });
    await database.dataSource.query(
      'CREATE TABLE probe_steps (run_id uuid NOT NULL, step integer NOT NULL, attempt integer NOT NULL)',
    );
    // Sends jobs but runs none: runs stay queued until a worker starts.
    apiOnly = await startBackboneProbe(database.url, { ...env, KEEL_ROLE: 'api' });
    owner = await signUp(apiOnly.url, 'jobs-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Jobs Works' })).id;
  });

  afterAll(async () => {
    await worker?.close();
    await apiOnly?.close();
    await database?.drop();
  });

  it('should cancel a queued run at once, and no worker ever starts it', async () => {
    const id = await start({ steps: 3, stepMs: 0 });
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 0 });

    const cancelled = await postJson(`${jobsUrl()}/${id}/cancel`, {}, auth());

    expect(cancelled.status).toBe(202);
    expect(jsonObject(cancelled)).toMatchObject({
      status: 'cancelled',
      cancelRequestedAt: expect.any(String),
      cancelAcknowledgedAt: expect.any(String),
    });
    await ensureWorker();
    await pollUntil(
      'the job of the cancelled run to be taken and dropped',
      () => database.dataSource.query(`SELECT state FROM pgboss.job WHERE data->>'runId' = $1`, [id]),
      (rows: Array<{ state: string }>) => rows[0]?.state === 'completed',
    );
    expect(await job(id)).toMatchObject({ status: 'cancelled', attempts: 0, startedAt: null });
    expect((await trail(id)).map((event) => event['status'] ?? event['kind'])).not.toContain('running');
    expect(await stepsOf(id)).toEqual([]);
  });

  it('should run a job to success with progress, a result and its trail', async () => {
    await ensureWorker();
    const id = await start({ steps: 3, stepMs: 10 });

    const done = await until(id, (run) => run['status'] === 'succeeded');

    expect(done).toMatchObject({
      workspaceId,
      progress: 100,
      attempts: 1,
      result: { counted: 3 },
      startedBy: { type: 'user', id: owner.userId },
      finishedAt: expect.any(String),
    });
    const kinds = (await trail(id)).map(
      (event) => `${String(event['kind'])}:${String(event['status'] ?? event['progress'] ?? '')}`,
    );
    expect(kinds[0]).toBe('status:queued');
    expect(kinds[1]).toBe('status:running');
    expect(kinds).toContain('progress:100');
    expect(kinds).toContain('checkpoint:');
    expect(kinds[kinds.length - 1]).toBe('status:succeeded');
  });

  it('should retry a failed attempt from its last checkpoint, repeating no step that was saved', async () => {
    await ensureWorker();
    const id = await start({ steps: 5, stepMs: 10, failAtStep: 3, failAttempts: 1 });

    const done = await until(id, (run) => run['status'] === 'succeeded');

    expect(done).toMatchObject({ attempts: 2, lastError: 'failed at step 3' });
    expect(await stepsOf(id)).toEqual([
      { step: 1, attempt: 1 },
      { step: 2, attempt: 1 },
      { step: 3, attempt: 2 },
      { step: 4, attempt: 2 },
      { step: 5, attempt: 2 },
    ]);
    expect((await trail(id)).map((event) => event['status']).filter(Boolean)).toEqual([
      'queued',
      'running',
      'retrying',
      'running',
      'succeeded',
    ]);
  });

  it('should fail a run after its last attempt, and runs it again when retried', async () => {
    await ensureWorker();
    const id = await start({ steps: 2, stepMs: 0, failAtStep: 1, failAttempts: 3 });
    const failed = await until(id, (run) => run['status'] === 'failed');
    expect(failed).toMatchObject({ attempts: 3, maxAttempts: 3, lastError: 'failed at step 1' });

    const retried = await postJson(`${jobsUrl()}/${id}/retry`, {}, auth());

    expect(retried.status).toBe(202);
    expect(jsonObject(retried)).toMatchObject({ status: 'queued' });
    expect(await until(id, (run) => run['status'] === 'succeeded')).toMatchObject({ attempts: 4 });
    const again = await postJson(`${jobsUrl()}/${id}/retry`, {}, auth());
    expect(again.status).toBe(409);
    expect(jsonObject(again)['code']).toBe('JOB_NOT_FAILED');
  });

  it('should log one line per attempt that ended, naming the run, its workspace, type, outcome and error', async () => {
    await ensureWorker();
    const id = await start({ steps: 2, stepMs: 0, failAtStep: 1, failAttempts: 3 });
    await until(id, (run) => run['status'] === 'failed');

    // Both apps share this process: the attempt lines are in whichever ran the job.
    const logged = apiOnly.logs() + (worker?.logs() ?? '');
    const lines = parseLogLines(logged).filter((line) => line['runId'] === id);
    expect(lines.map((line) => [line['msg'], line['attempt']])).toEqual([
      ['job retrying', 1],
      ['job retrying', 2],
      ['job failed', 3],
    ]);
    expect(lines[2]).toMatchObject({
      level: 'warn',
      workspaceId,
      type: expect.any(String),
      outcome: 'failed',
      maxAttempts: 3,
      error: 'failed at step 1',
      durationMs: expect.any(Number),
    });
  });

  it('should stop a running run when cancelled, and says the worker acknowledged it', async () => {
    await ensureWorker();
    const id = await start({ steps: 200, stepMs: 50 });
    await until(id, (run) => run['status'] === 'running' && Number(run['progress']) > 0);

    const requested = await postJson(`${jobsUrl()}/${id}/cancel`, {}, auth());

    expect(requested.status).toBe(202);
    expect(jsonObject(requested)).toMatchObject({ status: 'running', cancelRequestedAt: expect.any(String) });
    const cancelled = await until(id, (run) => run['status'] === 'cancelled');
    expect(cancelled['cancelAcknowledgedAt']).toEqual(expect.any(String));
    expect(Number(cancelled['progress'])).toBeLessThan(100);
    const stepsAtCancel = (await stepsOf(id)).length;
    // The attempt's handler has returned once its queue job is no longer active: no step can come after.
    await pollUntil(
      `the attempt of run ${id} to end`,
      () => database.dataSource.query(`SELECT state FROM pgboss.job WHERE data->>'runId' = $1`, [id]),
      (rows: Array<{ state: string }>) => rows.length > 0 && rows.every((row) => row.state !== 'active'),
    );
    expect((await stepsOf(id)).length).toBe(stepsAtCancel);
    const finished = await postJson(`${jobsUrl()}/${id}/cancel`, {}, auth());
    expect(finished.status).toBe(202);
  });

  it('should abort an attempt that outlives the timeout of its type, and fails the run after the last one', async () => {
    await ensureWorker();
    const id = await start({ type: PROBE_SLOW_JOB, steps: 10, stepMs: 400 });

    const failed = await until(id, (run) => run['status'] === 'failed', 50_000);

    expect(failed).toMatchObject({ attempts: 3, lastError: 'The attempt timed out.' });
    expect((await stepsOf(id)).length).toBeLessThan(10);
    const succeededCancel = await postJson(`${jobsUrl()}/${id}/cancel`, {}, auth());
    expect(succeededCancel.status).toBe(409);
    expect(jsonObject(succeededCancel)['code']).toBe('JOB_FINISHED');
  });

  it('should prune finished runs older than JOBS_RETENTION_DAYS, with their trail, and keeps the rest', async () => {
    await ensureWorker();
    const old = await start({ steps: 1, stepMs: 0 });
    const recent = await start({ steps: 1, stepMs: 0 });
    await until(old, (run) => run['status'] === 'succeeded');
    await until(recent, (run) => run['status'] === 'succeeded');
    await database.dataSource.query(`UPDATE job_runs SET finished_at = now() - interval '31 days' WHERE id = $1`, [
      old,
    ]);

    await worker?.app.get(JobQueue).trigger('jobs.retention');

    await pollUntil(
      'the old run pruned',
      async () => (await httpRequest(`${jobsUrl()}/${old}`, { headers: auth() })).status,
      (status) => status === 404,
    );
    expect(await database.dataSource.query('SELECT 1 FROM job_run_events WHERE job_run_id = $1', [old])).toEqual([]);
    expect(await job(recent)).toMatchObject({ status: 'succeeded' });
  });

  it('should list runs with filters, and answers 404 for an unknown one', async () => {
    const failed = jsonObject(await httpRequest(`${jobsUrl()}?status=failed`, { headers: auth() }))['data'] as Json[];
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((run) => run['status'] === 'failed')).toBe(true);
    const missing = await httpRequest(`${jobsUrl()}/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2aff`, { headers: auth() });
    expect(missing.status).toBe(404);
  });
});
