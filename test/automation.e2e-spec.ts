/**
 * Automation rules through the built API on real PostgreSQL: validation at
 * JSON paths, a dry test, actions that take effect once as jobs (comment,
 * transition, signed webhook), loop protection by depth, replaying a run's
 * failed actions, and actions whose job was cancelled or lost its worker.
 */
import { randomBytes } from 'node:crypto';
import { SecretBox } from '@keel/platform-crypto';
import { KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { createKeelTestDatabase, KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp, SignedInPerson } from './support/keel-people';
import { createWorkspace } from './support/keel-tenants';
import { pollUntil } from './support/poll';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

type Json = Record<string, unknown>;

describe('automation rules', () => {
  let keel: KeelOnTestDatabase;
  let receiver: WebhookReceiver;
  let owner: SignedInPerson;
  let workspaceId: string;
  let projectCount = 0;

  const url = (path: string) => `${keel.keel.url}/v1/workspaces/${workspaceId}${path}`;
  const auth = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const post = (path: string, body: unknown): Promise<HttpResult> => postJson(url(path), body, auth());
  const get = async (path: string): Promise<Json> => jsonObject(await httpRequest(url(path), { headers: auth() }));
  const createRule = async (body: Json): Promise<Json> => {
    const answer = await post('/automations', body);
    expect(answer.status).toBe(201);
    return jsonObject(answer);
  };
  const newProject = async (): Promise<Json> => {
    projectCount++;
    const answer = await post('/projects', { key: `AU${projectCount}`, name: `Automated ${projectCount}` });
    expect(answer.status).toBe(201);
    return jsonObject(answer);
  };
  const moveTo = async (project: Json, to: string): Promise<Json> => {
    const current = await get(`/projects/${String(project['id'])}`);
    const answer = await post(`/projects/${String(project['id'])}/transitions`, {
      to,
      expectedVersion: current['version'],
    });
    expect(answer.status).toBe(200);
    return jsonObject(answer);
  };
  const runsOf = async (ruleId: unknown): Promise<Json[]> =>
    (await get(`/automations/${String(ruleId)}/runs`))['data'] as Json[];
  const settledRuns = (ruleId: unknown, count: number) =>
    pollUntil(
      `${count} settled run(s) of rule ${String(ruleId)}`,
      () => runsOf(ruleId),
      (runs) => runs.length >= count && runs.every((run) => run['status'] !== 'running'),
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    receiver = await startWebhookReceiver();
    owner = await signUp(keel.keel.url, 'automation-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Automation Works' })).id);
  });

  afterAll(async () => {
    await receiver?.close();
    await keel?.stop();
  });

  it('should refuse an unknown event type, a condition that does not parse and bad actions, each at its JSON path', async () => {
    const answer = await post('/automations', {
      name: 'Broken',
      trigger: { eventType: 'project.exploded', condition: { and: [true, { frobnicate: [1] }] } },
      actions: [
        { type: 'transition_project' },
        { type: 'send_webhook', endpointId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2aff' },
        { type: 'add_comment', body: 'hi', to: 'Done' },
        { type: 'add_comment', body: 'hi', projectId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2aff' },
      ],
    });

    expect(answer.status).toBe(422);
    const problem = jsonObject(answer);
    expect(problem['code']).toBe('AUTOMATION_INVALID');
    expect((problem['errors'] as Json[]).map((error) => error['path'])).toEqual([
      '$.trigger.eventType',
      '$.trigger.condition.and[1]',
      '$.actions[0].to',
      '$.actions[1].endpointId',
      '$.actions[2].to',
      '$.actions[3].projectId',
    ]);
  });

  it('should refuse a rule on webhook_endpoint.tested, a message no rule ever sees, instead of saving one that never fires', async () => {
    const answer = await post('/automations', {
      name: 'Never fires',
      trigger: { eventType: 'webhook_endpoint.tested' },
      actions: [{ type: 'add_comment', body: 'tested' }],
    });

    expect(answer.status).toBe(422);
    const problem = jsonObject(answer);
    expect(problem['code']).toBe('AUTOMATION_INVALID');
    expect((problem['errors'] as Json[]).map((error) => error['path'])).toContain('$.trigger.eventType');
  });

  it('should tell which actions a rule would run for an event, and with what input, changing nothing', async () => {
    const rule = await createRule({
      name: 'Comment on review',
      trigger: { eventType: 'project.transitioned', condition: { '==': [{ var: 'data.to' }, 'In review'] } },
      actions: [{ type: 'add_comment', body: 'Review requested.' }],
    });
    const project = {
      id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30',
      key: 'X',
      name: 'X',
      description: '',
      state: 'In review',
    };
    const event = (to: string) => ({
      event: {
        data: {
          transition: 't',
          from: 'In progress',
          to,
          fromCategory: 'in_progress',
          toCategory: 'in_progress',
          comment: null,
          project: {
            ...project,
            stateCategory: 'in_progress',
            workflowVersion: 1,
            version: 3,
            createdBy: null,
            createdAt: '2026-11-29T10:00:00.000Z',
            updatedAt: '2026-11-29T10:00:00.000Z',
            archivedAt: null,
          },
        },
      },
    });

    const fires = jsonObject(await post(`/automations/${String(rule['id'])}/test`, event('In review')));
    const stays = jsonObject(await post(`/automations/${String(rule['id'])}/test`, event('Done')));

    expect(fires).toEqual({
      wouldFire: true,
      reason: null,
      conditionMatched: true,
      actions: [
        {
          index: 0,
          type: 'add_comment',
          input: { type: 'add_comment', body: 'Review requested.', projectId: project.id },
        },
      ],
    });
    expect(stays).toMatchObject({ wouldFire: false, conditionMatched: false, actions: [] });
    expect(await runsOf(rule['id'])).toEqual([]);
    await httpRequest(url(`/automations/${String(rule['id'])}`), { method: 'DELETE', headers: auth() });
  });

  it('should run each action once, as a job, acting as the rule, with the event it caused one level deeper', async () => {
    const rule = await createRule({
      name: 'Finish reviewed work',
      trigger: { eventType: 'project.transitioned', condition: { '==': [{ var: 'data.to' }, 'In review'] } },
      actions: [
        { type: 'add_comment', body: 'Reviewed by the robot.' },
        { type: 'transition_project', to: 'Done' },
      ],
    });
    const project = await newProject();
    await moveTo(project, 'In progress');
    await moveTo(project, 'In review');

    const [run] = await settledRuns(rule['id'], 1);

    expect(run).toMatchObject({ status: 'succeeded', eventType: 'project.transitioned', eventDepth: 0 });
    const actions = run['actions'] as Json[];
    expect(actions.map((action) => [action['type'], action['status'], action['attempts']])).toEqual([
      ['add_comment', 'succeeded', 1],
      ['transition_project', 'succeeded', 1],
    ]);
    expect(await get(`/jobs/${String(actions[1]['jobId'])}`)).toMatchObject({
      type: 'automation.action',
      status: 'succeeded',
    });
    expect(await get(`/projects/${String(project['id'])}`)).toMatchObject({ state: 'Done' });
    const comments = (await get(`/projects/${String(project['id'])}/comments`))['data'] as Json[];
    expect(comments).toEqual([
      expect.objectContaining({ body: 'Reviewed by the robot.', author: { type: 'automation', id: rule['id'] } }),
    ]);
    const doneEvent = ((await get('/events?type=project.transitioned'))['data'] as Json[]).find(
      (event) => (event['data'] as Json)['to'] === 'Done',
    );
    expect(doneEvent).toMatchObject({
      depth: 1,
      causationId: run['eventId'],
      actor: { type: 'automation', id: rule['id'] },
    });
    await httpRequest(url(`/automations/${String(rule['id'])}`), { method: 'DELETE', headers: auth() });
  });

  it('should continue the trace of the request that fired a rule into the events its actions cause', async () => {
    const traceId = randomBytes(16).toString('hex');
    const rule = await createRule({
      name: 'Comment on planning',
      trigger: { eventType: 'project.transitioned', condition: { '==': [{ var: 'data.to' }, 'Planned'] } },
      actions: [{ type: 'add_comment', body: 'Traced.' }],
    });
    const project = await newProject();
    const projectId = String(project['id']);

    const answer = await postJson(
      url(`/projects/${projectId}/transitions`),
      { to: 'Planned', expectedVersion: project['version'] },
      { ...auth(), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(answer.status).toBe(200);
    await settledRuns(rule['id'], 1);

    const comment = ((await get('/events?type=comment.created'))['data'] as Json[]).find(
      (event) => ((event['data'] as Json)['comment'] as Json)['projectId'] === projectId,
    );
    expect(String(comment?.['traceparent'])).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
    await httpRequest(url(`/automations/${String(rule['id'])}`), { method: 'DELETE', headers: auth() });
  });

  it('should stop a loop of rules past depth 3 and records that on the run', async () => {
    const back = await createRule({
      name: 'Back to backlog',
      trigger: { eventType: 'project.transitioned', condition: { '==': [{ var: 'data.to' }, 'Planned'] } },
      actions: [{ type: 'transition_project', to: 'Backlog' }],
    });
    const forth = await createRule({
      name: 'Plan it again',
      trigger: { eventType: 'project.transitioned', condition: { '==': [{ var: 'data.to' }, 'Backlog'] } },
      actions: [{ type: 'transition_project', to: 'Planned' }],
    });
    const project = await newProject();
    await moveTo(project, 'Planned'); // depth 0: Back fires (1), Plan (2), Back (3), Plan (4): past 3, Back is skipped

    const backRuns = await settledRuns(back['id'], 3);
    const forthRuns = await settledRuns(forth['id'], 2);

    expect(forthRuns.map((run) => [run['eventDepth'], run['status']]).sort()).toEqual([
      [1, 'succeeded'],
      [3, 'succeeded'],
    ]);
    expect(backRuns.map((run) => [run['eventDepth'], run['status']]).sort()).toEqual([
      [0, 'succeeded'],
      [2, 'succeeded'],
      [4, 'skipped'],
    ]);
    expect(backRuns.find((run) => run['status'] === 'skipped')).toMatchObject({
      skippedReason: expect.stringContaining('Loop protection'),
      actions: [],
    });
    expect(await get(`/projects/${String(project['id'])}`)).toMatchObject({ state: 'Planned' });
    for (const rule of [back, forth]) {
      await httpRequest(url(`/automations/${String(rule['id'])}`), { method: 'DELETE', headers: auth() });
    }
  });

  it('should fail an action the workflow refuses, and replays it once the project can take it', async () => {
    const rule = await createRule({
      name: 'Ship on comment',
      trigger: { eventType: 'comment.created' },
      actions: [{ type: 'transition_project', to: 'Done' }],
    });
    const project = await newProject();
    await post(`/projects/${String(project['id'])}/comments`, { body: 'Ship it' });

    const [failed] = await settledRuns(rule['id'], 1);
    expect(failed).toMatchObject({ status: 'failed' });
    expect((failed['actions'] as Json[])[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('TRANSITION_NOT_ALLOWED'),
    });

    await moveTo(project, 'In progress');
    const replayed = await post(`/automation-runs/${String(failed['id'])}/replay`, {});
    expect(replayed.status).toBe(202);

    const [succeeded] = await settledRuns(rule['id'], 1);
    expect(succeeded).toMatchObject({ id: failed['id'], status: 'succeeded' });
    expect((succeeded['actions'] as Json[])[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await get(`/projects/${String(project['id'])}`)).toMatchObject({ state: 'Done' });
    const nothingLeft = await post(`/automation-runs/${String(failed['id'])}/replay`, {});
    expect(nothingLeft.status).toBe(409);
    await httpRequest(url(`/automations/${String(rule['id'])}`), { method: 'DELETE', headers: auth() });
  });

  it('should send the triggering event, signed, to a webhook endpoint', async () => {
    const created = await post('/webhook-endpoints', {
      url: receiver.url('/automation'),
      eventTypes: ['webhook_endpoint.disabled'],
      enabled: true,
      description: 'automation target',
    });
    expect(created.status).toBe(201);
    const endpoint = jsonObject(created);
    receiver.expectSecret('/automation', String(endpoint['secret']));
    const rule = await createRule({
      name: 'Tell the CI',
      trigger: { eventType: 'project.created' },
      actions: [{ type: 'send_webhook', endpointId: endpoint['id'] }],
    });

    const project = await newProject();

    const [delivered] = await receiver.waitFor('/automation', 'the signed event', (seen) =>
      seen.some((hit) => hit.verified),
    );
    expect(delivered.payload).toMatchObject({
      type: 'project.created',
      workspaceId,
      data: { project: { id: project['id'] } },
    });
    const [run] = await settledRuns(rule['id'], 1);
    expect(run).toMatchObject({ status: 'succeeded' });
    // The message is the rule's delivery: its own webhook-id, the event in the body.
    const { deliveryId } = (run['actions'] as Json[])[0]['result'] as Json;
    expect(delivered.headers['webhook-id']).toBe(`msg_${String(deliveryId)}`);
    expect((delivered.payload as Json)['id']).toBe(run['eventId']);
  });
});

/**
 * The API and the worker as separate processes, so a test can stop the
 * worker (a replayed action's job then stays queued) or kill it mid-action;
 * a row lock the test holds on the project keeps an action's transaction
 * open for as long as the test needs.
 */
describe('automation actions whose job ends without the action saying so', () => {
  let database: TestDatabase;
  let api: KeelProcess;
  let worker: KeelProcess | undefined;
  let owner: SignedInPerson;
  let workspaceId: string;
  let ruleId: string;
  let projectCount = 0;
  const env: Record<string, string> = { KEEL_MASTER_KEY: SecretBox.generateKey(), LOG_LEVEL: 'warn' };

  const url = (path: string) => `${api.url}/v1/workspaces/${workspaceId}${path}`;
  const auth = () => ({ authorization: `Bearer ${owner.accessToken}` });
  const post = (path: string, body: unknown = {}): Promise<HttpResult> => postJson(url(path), body, auth());
  const get = async (path: string): Promise<Json> => jsonObject(await httpRequest(url(path), { headers: auth() }));
  const startWorker = async (): Promise<void> => {
    worker ??= await startKeelProcess({
      entry: 'dist/apps/worker/main.js',
      env: { ...env, KEEL_ROLE: 'worker', DB_MIGRATE_ON_START: 'false' },
    });
  };
  const stopWorker = async (signal: NodeJS.Signals): Promise<void> => {
    await worker?.stop(signal);
    worker = undefined;
  };
  const runById = async (runId: unknown): Promise<Json> => {
    const runs = (await get(`/automations/${ruleId}/runs`))['data'] as Json[];
    const run = runs.find((candidate) => candidate['id'] === runId);
    if (!run) throw new Error(`no run ${String(runId)}`);
    return run;
  };
  const runUntil = (runId: unknown, status: string, timeoutMs = 30_000) =>
    pollUntil(
      `run ${String(runId)} ${status}`,
      () => runById(runId),
      (run) => run['status'] === status,
      {
        timeoutMs,
      },
    );
  const actionOf = (run: Json): Json => (run['actions'] as Json[])[0];
  const moveTo = async (projectId: unknown, to: string): Promise<void> => {
    const current = await get(`/projects/${String(projectId)}`);
    const moved = await post(`/projects/${String(projectId)}/transitions`, { to, expectedVersion: current['version'] });
    expect(moved.status).toBe(200);
  };
  /** Sessions of this database waiting for a lock. */
  const lockWaiters = async (): Promise<number> => {
    const [row] = await database.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(row['waiting']);
  };
  /** Locks the project's row until the returned function is called: an action on it waits inside its transaction. */
  const holdProject = async (projectId: unknown): Promise<() => Promise<void>> => {
    const holder = database.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
    return async () => {
      if (holder.isReleased) return;
      await holder.rollbackTransaction();
      await holder.release();
    };
  };
  /**
   * A failed run of the rule: the comment's project is in Backlog, which
   * cannot go to Done. The project is then moved to In progress, so that
   * the action takes effect when it runs again.
   */
  const failedRun = async (): Promise<{ run: Json; projectId: string }> => {
    await startWorker();
    projectCount++;
    const created = await post('/projects', { key: `EN${projectCount}`, name: `Ended ${projectCount}` });
    expect(created.status).toBe(201);
    const projectId = String(jsonObject(created)['id']);
    expect((await post(`/projects/${projectId}/comments`, { body: 'Ship it' })).status).toBe(201);
    const runs = await pollUntil(
      `the rule's failed run on project ${projectId}`,
      async () => (await get(`/automations/${ruleId}/runs`))['data'] as Json[],
      (all) =>
        all.some((run) => (actionOf(run)['input'] as Json)['projectId'] === projectId && run['status'] === 'failed'),
      { timeoutMs: 30_000 },
    );
    const run = runs.find((candidate) => (actionOf(candidate)['input'] as Json)['projectId'] === projectId) as Json;
    expect(actionOf(run)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('TRANSITION_NOT_ALLOWED'),
    });
    await moveTo(projectId, 'In progress');
    return { run, projectId };
  };

  beforeAll(async () => {
    let databaseUrl: string;
    ({
      database,
      login: { url: databaseUrl },
    } = await createKeelTestDatabase());
    env.DATABASE_URL = databaseUrl;
    api = await startKeelProcess({ env: { ...env, KEEL_ROLE: 'api' } });
    owner = await signUp(api.url, 'ended-owner');
    workspaceId = String((await createWorkspace(owner, { name: 'Ended Works' })).id);
    const rule = await post('/automations', {
      name: 'Ship on comment',
      trigger: { eventType: 'comment.created' },
      actions: [{ type: 'transition_project', to: 'Done' }],
    });
    expect(rule.status).toBe(201);
    ruleId = String(jsonObject(rule)['id']);
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.stop('SIGTERM');
    await database?.drop();
  });

  it('should end the action cancelled when its queued job is cancelled, settles the run, and replays it', async () => {
    const { run, projectId } = await failedRun();
    // No worker: the replayed action's job stays queued.
    await stopWorker('SIGTERM');
    const replayed = await post(`/automation-runs/${String(run['id'])}/replay`);
    expect(replayed.status).toBe(202);
    const jobId = String(actionOf(jsonObject(replayed))['jobId']);
    expect(await get(`/jobs/${jobId}`)).toMatchObject({ status: 'queued', workspaceId });

    const cancelled = await post(`/jobs/${jobId}/cancel`);

    expect(cancelled.status).toBe(202);
    expect(jsonObject(cancelled)).toMatchObject({ status: 'cancelled', workspaceId });
    const settled = await runById(run['id']);
    expect(settled).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });
    expect(actionOf(settled)).toMatchObject({
      status: 'cancelled',
      jobId,
      lastError: 'The job was cancelled before it ran.',
      finishedAt: expect.any(String),
    });

    const again = await post(`/automation-runs/${String(run['id'])}/replay`);
    expect(again.status).toBe(202);
    expect(actionOf(jsonObject(again))).toMatchObject({ status: 'pending', jobId: expect.not.stringMatching(jobId) });
    await startWorker();
    const succeeded = await runUntil(run['id'], 'succeeded');
    expect(actionOf(succeeded)).toMatchObject({ status: 'succeeded', attempts: 2, lastError: null });
    expect(await get(`/projects/${projectId}`)).toMatchObject({ state: 'Done' });
    expect(await get(`/jobs/${jobId}`)).toMatchObject({ status: 'cancelled', attempts: 0, startedAt: null });
  }, 90_000);

  it('should fail the action whose worker died during its last attempt, settles the run failed, and replays it', async () => {
    const { run, projectId } = await failedRun();
    const release = await holdProject(projectId);
    try {
      const replayed = await post(`/automation-runs/${String(run['id'])}/replay`);
      expect(replayed.status).toBe(202);
      const jobId = String(actionOf(jsonObject(replayed))['jobId']);
      await pollUntil('the action waiting for the project, inside its transaction', lockWaiters, (n) => n >= 1);
      expect(await get(`/jobs/${jobId}`)).toMatchObject({ status: 'running', attempts: 1 });

      await stopWorker('SIGKILL');
      // As if this were its last attempt, and its heartbeat already stale (job-crash waits the real 30 s).
      await database.dataSource.query(
        `UPDATE job_runs SET max_attempts = attempts, heartbeat_at = now() - interval '1 minute' WHERE id = $1`,
        [jobId],
      );
      await release();
      await startWorker();

      const failed = await runUntil(run['id'], 'failed');
      expect(actionOf(failed)).toMatchObject({
        status: 'failed',
        jobId,
        lastError: expect.stringContaining('no heartbeat'),
      });
      expect(await get(`/jobs/${jobId}`)).toMatchObject({
        status: 'failed',
        lastError: expect.stringContaining('no heartbeat'),
      });
      expect(await get(`/projects/${projectId}`)).toMatchObject({ state: 'In progress' });

      const again = await post(`/automation-runs/${String(run['id'])}/replay`);
      expect(again.status).toBe(202);
      expect(actionOf(await runUntil(run['id'], 'succeeded'))).toMatchObject({ status: 'succeeded' });
      expect(await get(`/projects/${projectId}`)).toMatchObject({ state: 'Done' });
    } finally {
      await release();
    }
  }, 90_000);

  it('should end the action cancelled, with no effect, when its job is cancelled while the action waits', async () => {
    const { run, projectId } = await failedRun();
    const release = await holdProject(projectId);
    try {
      const replayed = await post(`/automation-runs/${String(run['id'])}/replay`);
      const jobId = String(actionOf(jsonObject(replayed))['jobId']);
      await pollUntil('the action waiting for the project, inside its transaction', lockWaiters, (n) => n >= 1);

      const requested = await post(`/jobs/${jobId}/cancel`);
      expect(jsonObject(requested)).toMatchObject({ status: 'running', cancelRequestedAt: expect.any(String) });
      // The action does not stop (it waits on the lock): after the grace period the job ends cancelled,
      // and ending the action then waits on the action's own transaction.
      await pollUntil('the cancel ending the action', lockWaiters, (n) => n >= 2, { timeoutMs: 30_000 });
      await release();

      const cancelled = await runUntil(run['id'], 'cancelled');
      expect(actionOf(cancelled)).toMatchObject({
        status: 'cancelled',
        jobId,
        lastError: 'The job was cancelled while it ran, and did not stop within the grace period.',
      });
      expect(await get(`/jobs/${jobId}`)).toMatchObject({ status: 'cancelled', cancelAcknowledgedAt: null });
      // Once the lock was free, the action saw its signal aborted and rolled its transition back.
      expect(await get(`/projects/${projectId}`)).toMatchObject({ state: 'In progress' });
      expect((await post(`/automation-runs/${String(run['id'])}/replay`)).status).toBe(202);
      await runUntil(run['id'], 'succeeded');
    } finally {
      await release();
    }
  }, 90_000);
});
