import { Pool } from 'pg';

/**
 * What the database says about a fault run, read as the superuser (row-level
 * security does not apply): the outbox, the consumers' deliveries, automation
 * runs and their effects, webhook deliveries, the job ledger and pg-boss.
 */

/** The queues of the event backbone, job runs and webhook attempts in pg-boss. */
const BACKBONE_QUEUES = `(name LIKE 'job.%' OR name LIKE 'event.%' OR name LIKE 'webhook.%')`;
const CONSUMERS = ['automation.rules', 'webhooks'] as const;

export interface DrainState {
  events: number;
  unrelayed: number;
  /** (event, consumer) pairs delivered; done at events × 2. */
  delivered: number;
  /** Automation runs still `running`. */
  openRuns: number;
  /** Job runs queued, running or retrying. */
  openJobRuns: number;
  runningJobRuns: number;
  /** pg-boss jobs of the backbone queues in created, retry or active. */
  waitingJobs: number;
  /** The same, by queue and state: `job.automation.action:active=3`. */
  waitingByQueue: string;
}

export function isDrained(state: DrainState): boolean {
  return (
    state.unrelayed === 0 &&
    state.delivered === state.events * CONSUMERS.length &&
    state.openRuns === 0 &&
    state.openJobRuns === 0 &&
    state.waitingJobs === 0
  );
}

/** Whether anything is still queued or held that could change the state by itself. */
export function hasPendingWork(state: DrainState): boolean {
  return state.unrelayed > 0 || state.waitingJobs > 0 || state.runningJobRuns > 0;
}

export async function drainState(pool: Pool, workspaceIds: string[]): Promise<DrainState> {
  const { rows } = await pool.query<Record<keyof DrainState, string>>(
    `SELECT
       (SELECT count(*) FROM outbox WHERE workspace_id = ANY($1)) AS "events",
       (SELECT count(*) FROM outbox WHERE workspace_id = ANY($1) AND relayed_at IS NULL) AS "unrelayed",
       (SELECT count(*) FROM event_deliveries WHERE workspace_id = ANY($1) AND status = 'delivered'
           AND consumer = ANY($2)) AS "delivered",
       (SELECT count(*) FROM automation_runs WHERE workspace_id = ANY($1) AND status = 'running') AS "openRuns",
       (SELECT count(*) FROM job_runs WHERE workspace_id = ANY($1)
           AND status IN ('queued', 'running', 'retrying')) AS "openJobRuns",
       (SELECT count(*) FROM job_runs WHERE workspace_id = ANY($1) AND status = 'running') AS "runningJobRuns",
       (SELECT count(*) FROM pgboss.job WHERE ${BACKBONE_QUEUES}
           AND state IN ('created', 'retry', 'active')) AS "waitingJobs"`,
    [workspaceIds, CONSUMERS],
  );
  const [row] = rows;
  const waiting = await pool.query<{ queue: string; state: string; count: string }>(
    `SELECT name AS queue, state::text AS state, count(*) AS count FROM pgboss.job
      WHERE ${BACKBONE_QUEUES} AND state IN ('created', 'retry', 'active') GROUP BY name, state ORDER BY name, state`,
  );
  return {
    waitingByQueue: waiting.rows.map((job) => `${job.queue}:${job.state}=${job.count}`).join(' '),
    events: Number(row.events),
    unrelayed: Number(row.unrelayed),
    delivered: Number(row.delivered),
    openRuns: Number(row.openRuns),
    openJobRuns: Number(row.openJobRuns),
    runningJobRuns: Number(row.runningJobRuns),
    waitingJobs: Number(row.waitingJobs),
  };
}

/** How many rows are wrong, and the first few of them, for the report. */
export interface Found<T> {
  count: number;
  examples: T[];
}

/** What the run left behind: counts, and for everything that should be empty, how many and which. */
export interface LedgerFindings {
  projects: number;
  /** Projects whose key appears more than once (the API let a retried create commit twice). */
  duplicateProjects: Found<string>;
  outboxEvents: number;
  /** `project.created` events: the events the senders drove. */
  projectCreatedEvents: Array<{ id: string; workspaceId: string; projectId: string }>;
  /** project.created events per project beyond one. */
  duplicateProjectEvents: number;
  unrelayed: number;
  /** (event, consumer) pairs not delivered, with their status (`missing` when no row). */
  undelivered: Found<{ eventId: string; type: string; consumer: string; status: string; lastError: string | null }>;
  deadLetters: number;
  /** project.created events with no automation run of their workspace's rule. */
  eventsWithoutRun: Found<string>;
  /** (rule, event) pairs with more than one run. */
  extraRuns: number;
  /** Runs for events the rule does not listen to. */
  strayRuns: number;
  /** With their actions: `type:status@finished_at`, to see whether they ended together. */
  runsNotSucceeded: Found<{ id: string; status: string; actions: string[] }>;
  actionsNotSucceeded: Found<{ id: string; type: string; status: string; attempts: number; lastError: string | null }>;
  /** Runs without exactly their two actions. */
  runsWithWrongActions: number;
  /** Projects with no comment by the rule. */
  projectsWithoutComment: Found<string>;
  /** Comments beyond one per project: an action that took effect more than once. */
  extraComments: number;
  /** project.created events with no webhook delivery. */
  eventsWithoutDelivery: Found<string>;
  /** Deliveries beyond one per event. */
  extraDeliveries: number;
  deliveriesNotDelivered: Found<{ id: string; eventId: string; status: string; attempts: number }>;
  /** Job runs by status. */
  jobRuns: Record<string, number>;
  stuckJobRuns: Found<{
    id: string;
    status: string;
    attempts: number;
    lastError: string | null;
    queueJobState: string | null;
  }>;
  failedJobRuns: Found<{ id: string; attempts: number; lastError: string | null }>;
  /** Succeeded runs whose pg-boss job is not completed (or missing). */
  ledgerDisagreements: Found<{ runId: string; queueJobId: string | null; state: string | null }>;
  /** pg-boss jobs of the backbone queues still waiting or held, by queue and state. */
  leftoverJobs: Array<{ queue: string; state: string; count: number }>;
  /** pg-boss jobs of the backbone queues that pg-boss gave up on, by queue. */
  failedJobs: Array<{ queue: string; count: number }>;
}

const EXAMPLES = 10;

function found<T>(rows: T[]): Found<T> {
  return { count: rows.length, examples: rows.slice(0, EXAMPLES) };
}

export async function readLedger(pool: Pool, workspaceIds: string[]): Promise<LedgerFindings> {
  const q = async <T>(sql: string, params: unknown[] = [workspaceIds]): Promise<T[]> =>
    (await pool.query(sql, params)).rows as T[];

  const projects = await q<{ id: string; workspace_id: string; key: string }>(
    'SELECT id, workspace_id, key FROM projects WHERE workspace_id = ANY($1)',
  );
  const keyCounts = new Map<string, number>();
  for (const project of projects) {
    const key = `${project.workspace_id}/${project.key}`;
    keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
  }

  const events = await q<{
    id: string;
    workspace_id: string;
    type: string;
    project_id: string | null;
    relayed: boolean;
  }>(
    `SELECT id, workspace_id, type, data #>> '{project,id}' AS project_id, relayed_at IS NOT NULL AS relayed
       FROM outbox WHERE workspace_id = ANY($1)`,
  );
  const created = events.filter((event) => event.type === 'project.created');
  const eventsPerProject = new Map<string, number>();
  for (const event of created) {
    eventsPerProject.set(String(event.project_id), (eventsPerProject.get(String(event.project_id)) ?? 0) + 1);
  }

  const deliveries = await q<{ event_id: string; consumer: string; status: string; last_error: string | null }>(
    'SELECT event_id, consumer, status, last_error FROM event_deliveries WHERE workspace_id = ANY($1)',
  );
  const deliveryOf = new Map(deliveries.map((row) => [`${row.event_id}/${row.consumer}`, row]));
  const undelivered: LedgerFindings['undelivered']['examples'] = [];
  for (const event of events) {
    for (const consumer of CONSUMERS) {
      const row = deliveryOf.get(`${event.id}/${consumer}`);
      if (row?.status !== 'delivered') {
        undelivered.push({
          eventId: event.id,
          type: event.type,
          consumer,
          status: row?.status ?? 'missing',
          lastError: row?.last_error ?? null,
        });
      }
    }
  }

  const rules = await q<{ id: string; workspace_id: string; event_type: string }>(
    'SELECT id, workspace_id, event_type FROM automation_rules WHERE workspace_id = ANY($1)',
  );
  const runs = await q<{ id: string; workspace_id: string; rule_id: string; event_id: string; status: string }>(
    'SELECT id, workspace_id, rule_id, event_id, status FROM automation_runs WHERE workspace_id = ANY($1)',
  );
  const runsPerPair = new Map<string, number>();
  for (const run of runs)
    runsPerPair.set(`${run.rule_id}/${run.event_id}`, (runsPerPair.get(`${run.rule_id}/${run.event_id}`) ?? 0) + 1);
  const eventsWithoutRun: string[] = [];
  for (const event of created) {
    for (const rule of rules.filter((candidate) => candidate.workspace_id === event.workspace_id)) {
      if (!runsPerPair.has(`${rule.id}/${event.id}`)) eventsWithoutRun.push(event.id);
    }
  }
  const createdIds = new Set(created.map((event) => event.id));

  const actions = await q<{
    id: string;
    run_id: string;
    type: string;
    status: string;
    attempts: number;
    last_error: string | null;
    finished_at: Date | null;
  }>(
    `SELECT id, run_id, type, status, attempts, last_error, finished_at FROM automation_run_actions
      WHERE workspace_id = ANY($1) ORDER BY run_id, action_index`,
  );
  const actionsPerRun = new Map<string, typeof actions>();
  for (const action of actions) actionsPerRun.set(action.run_id, [...(actionsPerRun.get(action.run_id) ?? []), action]);

  const comments = await q<{ project_id: string; count: string }>(
    'SELECT project_id, count(*) AS count FROM comments WHERE workspace_id = ANY($1) GROUP BY project_id',
  );
  const commentsPerProject = new Map(comments.map((row) => [row.project_id, Number(row.count)]));

  const webhookDeliveries = await q<{ id: string; event_id: string; status: string; attempt_count: number }>(
    'SELECT id, event_id, status, attempt_count FROM webhook_deliveries WHERE workspace_id = ANY($1)',
  );
  const webhookPerEvent = new Map<string, number>();
  for (const row of webhookDeliveries) webhookPerEvent.set(row.event_id, (webhookPerEvent.get(row.event_id) ?? 0) + 1);

  const jobRuns = await q<{
    id: string;
    status: string;
    attempts: number;
    last_error: string | null;
    queue_job_id: string | null;
    queue_job_state: string | null;
  }>(
    `SELECT r.id, r.status, r.attempts, r.last_error, r.queue_job_id, j.state::text AS queue_job_state
       FROM job_runs r
       LEFT JOIN (SELECT id, state FROM pgboss.job UNION ALL SELECT id, state FROM pgboss.archive) j ON j.id = r.queue_job_id
      WHERE r.workspace_id = ANY($1)`,
  );
  const jobRunCounts: Record<string, number> = {};
  for (const run of jobRuns) jobRunCounts[run.status] = (jobRunCounts[run.status] ?? 0) + 1;

  const leftover = await q<{ queue: string; state: string; count: string }>(
    `SELECT name AS queue, state::text AS state, count(*) AS count FROM pgboss.job
      WHERE ${BACKBONE_QUEUES} AND state IN ('created', 'retry', 'active') GROUP BY name, state ORDER BY name, state`,
    [],
  );
  const failedJobs = await q<{ queue: string; count: string }>(
    `SELECT name AS queue, count(*) AS count FROM
        (SELECT name, state FROM pgboss.job UNION ALL SELECT name, state FROM pgboss.archive) j
      WHERE ${BACKBONE_QUEUES} AND state = 'failed' GROUP BY name ORDER BY name`,
    [],
  );

  return {
    projects: projects.length,
    duplicateProjects: found([...keyCounts].filter(([, count]) => count > 1).map(([key]) => key)),
    outboxEvents: events.length,
    projectCreatedEvents: created.map((event) => ({
      id: event.id,
      workspaceId: event.workspace_id,
      projectId: String(event.project_id),
    })),
    duplicateProjectEvents: [...eventsPerProject.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    unrelayed: events.filter((event) => !event.relayed).length,
    undelivered: found(undelivered),
    deadLetters: deliveries.filter((row) => row.status === 'dead').length,
    eventsWithoutRun: found(eventsWithoutRun),
    extraRuns: [...runsPerPair.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    strayRuns: runs.filter((run) => !createdIds.has(run.event_id)).length,
    runsNotSucceeded: found(
      runs
        .filter((run) => run.status !== 'succeeded')
        .map(({ id, status }) => ({
          id,
          status,
          actions: (actionsPerRun.get(id) ?? []).map(
            (action) => `${action.type}:${action.status}@${action.finished_at?.toISOString() ?? '-'}`,
          ),
        })),
    ),
    actionsNotSucceeded: found(
      actions
        .filter((action) => action.status !== 'succeeded')
        .map(({ id, type, status, attempts, last_error }) => ({ id, type, status, attempts, lastError: last_error })),
    ),
    runsWithWrongActions: runs.filter(
      (run) => (actionsPerRun.get(run.id) ?? []).map((action) => action.type).join(',') !== 'send_webhook,add_comment',
    ).length,
    projectsWithoutComment: found(projects.filter((project) => !commentsPerProject.has(project.id)).map((p) => p.key)),
    extraComments: [...commentsPerProject.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    eventsWithoutDelivery: found(created.filter((event) => !webhookPerEvent.has(event.id)).map((event) => event.id)),
    extraDeliveries: [...webhookPerEvent.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    deliveriesNotDelivered: found(
      webhookDeliveries
        .filter((row) => row.status !== 'delivered')
        .map((row) => ({ id: row.id, eventId: row.event_id, status: row.status, attempts: row.attempt_count })),
    ),
    jobRuns: jobRunCounts,
    stuckJobRuns: found(
      jobRuns
        .filter((run) => ['queued', 'running', 'retrying'].includes(run.status))
        .map((run) => ({
          id: run.id,
          status: run.status,
          attempts: run.attempts,
          lastError: run.last_error,
          queueJobState: run.queue_job_state,
        })),
    ),
    failedJobRuns: found(
      jobRuns
        .filter((run) => run.status === 'failed')
        .map((run) => ({ id: run.id, attempts: run.attempts, lastError: run.last_error })),
    ),
    ledgerDisagreements: found(
      jobRuns
        .filter((run) => run.status === 'succeeded' && run.queue_job_state !== 'completed')
        .map((run) => ({ runId: run.id, queueJobId: run.queue_job_id, state: run.queue_job_state })),
    ),
    leftoverJobs: leftover.map((row) => ({ queue: row.queue, state: row.state, count: Number(row.count) })),
    failedJobs: failedJobs.map((row) => ({ queue: row.queue, count: Number(row.count) })),
  };
}
