/**
 * A worker killed with SIGKILL in the middle of a run: once its heartbeat is
 * stale (moved back in the database, not waited out), another worker's
 * heartbeat reaper hands the run back (not the job's expiry), the run resumes
 * from its last checkpoint, and ends succeeded.
 */
import { SecretBox } from '@keel/platform-crypto';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { keelMigrations } from '@keel/schema';
import { RunningBackboneProbe, startBackboneProbe } from './support/backbone/backbone-probe-app';
import { ProbeProcess, spawnBackboneProbe } from './support/backbone/probe-process';
import { httpRequest, jsonObject, postJson } from './support/http';
import { signUp, SignedInPerson } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';

type Json = Record<string, unknown>;

describe('a job run whose worker is killed', () => {
  let database: TestDatabase;
  let api: RunningBackboneProbe;
  const workers: ProbeProcess[] = [];
  let owner: SignedInPerson;
  let workspaceId: string;
  const env = { KEEL_MASTER_KEY: SecretBox.generateKey(), LOG_LEVEL: 'warn' };

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: keelMigrations });
    await database.dataSource.query(
      'CREATE TABLE probe_steps (run_id uuid NOT NULL, step integer NOT NULL, attempt integer NOT NULL)',
    );
    api = await startBackboneProbe(database.url, { ...env, KEEL_ROLE: 'api' });
    owner = await signUp(api.url, 'crash-owner');
    workspaceId = (await createWorkspace(owner, { name: 'Crash Works' })).id;
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await api?.close();
    await database?.drop();
  });

  it('should be picked up again once its heartbeat is stale and resumes from its last checkpoint', async () => {
    const auth = { authorization: `Bearer ${owner.accessToken}` };
    const job = async (id: string): Promise<Json> =>
      jsonObject(await httpRequest(`${api.url}/v1/workspaces/${workspaceId}/jobs/${id}`, { headers: auth }));
    workers.push(await spawnBackboneProbe(database.url, { ...env, KEEL_ROLE: 'worker' }));
    const started = await postJson(
      `${api.url}/v1/workspaces/${workspaceId}/probe/jobs`,
      { steps: 30, stepMs: 150 },
      auth,
    );
    const id = String(jsonObject(started)['id']);
    await pollUntil(
      `job ${id} under way`,
      () => job(id),
      (run) => Number(run['progress']) >= 20,
    );

    workers[0].child.kill('SIGKILL');
    await workers[0].exited;
    const [{ checkpoint }] = await database.dataSource.query('SELECT checkpoint FROM job_runs WHERE id = $1', [id]);
    const savedStep = Number(checkpoint.step);
    // The 30 s without a heartbeat that mark a worker lost, passed in the database rather than waited out.
    await database.dataSource.query(
      `UPDATE job_runs SET heartbeat_at = heartbeat_at - interval '1 hour' WHERE id = $1`,
      [id],
    );
    workers.push(await spawnBackboneProbe(database.url, { ...env, KEEL_ROLE: 'worker' }));

    const done = await pollUntil(
      `job ${id} done`,
      () => job(id),
      (run) => run['status'] === 'succeeded',
      {
        timeoutMs: 120_000,
      },
    );

    expect(done).toMatchObject({ attempts: 2, result: { counted: 30 } });
    expect(String(done['lastError'])).toContain('no heartbeat');
    const steps: Array<{ step: number; attempt: number }> = await database.dataSource.query(
      'SELECT step, attempt FROM probe_steps WHERE run_id = $1 ORDER BY step, attempt',
      [id],
    );
    // Every step ran; the saved ones only in the first attempt, the second starting right after the checkpoint.
    expect(new Set(steps.map((row) => row.step)).size).toBe(30);
    expect(steps.filter((row) => row.step <= savedStep).every((row) => row.attempt === 1)).toBe(true);
    expect(steps.filter((row) => row.step <= savedStep)).toHaveLength(savedStep);
    expect(Math.min(...steps.filter((row) => row.attempt === 2).map((row) => row.step))).toBe(savedStep + 1);
    const trail = jsonObject(
      await httpRequest(`${api.url}/v1/workspaces/${workspaceId}/jobs/${id}/events?limit=100`, { headers: auth }),
    )['data'] as Json[];
    // Handed back by the heartbeat reaper (a sweep every 10 s once the heartbeat is stale), not by the job's expiry.
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'error', message: expect.stringContaining('no heartbeat') }),
      ]),
    );
    expect(trail.filter((event) => event['status'] === 'running')).toHaveLength(2);
  });
});
