import { Pool } from 'pg';

/**
 * What the database says about a fault run, read as the superuser (row-level
 * security does not apply): the outbox, the consumers' deliveries, automation
 * runs and their effects, webhook deliveries, the JetStream relay's marks,
 * the job ledger and pg-boss. Every event type in the outbox is counted, with
 * what each of its events should have caused derived from the rows (the
 * workspace's rules and endpoints), not from a list of types.
 */

/** The queues of the event backbone, job runs and webhook attempts in pg-boss. */
export const BACKBONE_QUEUES = `(name LIKE 'job.%' OR name LIKE 'event.%' OR name LIKE 'webhook.%')`;
/** Keel's event consumers; both take every type (`eventTypes = '*'`). */
export const CONSUMERS = ['automation.rules', 'webhooks'] as const;

export interface DrainState {
  events: number;
  unrelayed: number;
  /** Relayed to the queue, not yet acknowledged by JetStream. */
  natsPending: number;
  /** (event, consumer) pairs delivered; done at events × consumers. */
  delivered: number;
  /** Automation runs still `running`. */
  openRuns: number;
  /** Job runs queued, running or retrying. */
  openJobRuns: number;
  runningJobRuns: number;
  /** Webhook deliveries still `pending` (waiting for an attempt or a retry). */
  openWebhookDeliveries: number;
  /** pg-boss jobs of the backbone queues in created, retry or active. */
  waitingJobs: number;
  /** The same, by queue and state: `job.automation.action:active=3`. */
  waitingByQueue: string;
}

export function isDrained(state: DrainState): boolean {
  return (
    state.unrelayed === 0 &&
    state.natsPending === 0 &&
    state.delivered === state.events * CONSUMERS.length &&
    state.openRuns === 0 &&
    state.openJobRuns === 0 &&
    state.openWebhookDeliveries === 0 &&
    state.waitingJobs === 0
  );
}

/** Whether anything is still queued or held that could change the state by itself. */
export function hasPendingWork(state: DrainState): boolean {
  return state.unrelayed > 0 || state.natsPending > 0 || state.waitingJobs > 0 || state.runningJobRuns > 0;
}

export async function drainState(pool: Pool, workspaceIds: string[]): Promise<DrainState> {
  const { rows } = await pool.query<Record<keyof DrainState, string>>(
    `SELECT
       (SELECT count(*) FROM outbox WHERE workspace_id = ANY($1)) AS "events",
       (SELECT count(*) FROM outbox WHERE workspace_id = ANY($1) AND relayed_at IS NULL) AS "unrelayed",
       (SELECT count(*) FROM outbox WHERE workspace_id = ANY($1) AND nats_pending) AS "natsPending",
       (SELECT count(*) FROM event_deliveries WHERE workspace_id = ANY($1) AND status = 'delivered'
           AND consumer = ANY($2)) AS "delivered",
       (SELECT count(*) FROM automation_runs WHERE workspace_id = ANY($1) AND status = 'running') AS "openRuns",
       (SELECT count(*) FROM job_runs WHERE workspace_id = ANY($1)
           AND status IN ('queued', 'running', 'retrying')) AS "openJobRuns",
       (SELECT count(*) FROM job_runs WHERE workspace_id = ANY($1) AND status = 'running') AS "runningJobRuns",
       (SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ANY($1)
           AND status = 'pending') AS "openWebhookDeliveries",
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
    natsPending: Number(row.natsPending),
    delivered: Number(row.delivered),
    openRuns: Number(row.openRuns),
    openJobRuns: Number(row.openJobRuns),
    runningJobRuns: Number(row.runningJobRuns),
    openWebhookDeliveries: Number(row.openWebhookDeliveries),
    waitingJobs: Number(row.waitingJobs),
  };
}

/** How many rows are wrong, and the first few of them, for the report. */
export interface Found<T> {
  count: number;
  examples: T[];
}

/** Per event type: how many events, and what reached each consumer and took effect. */
export interface TypeTally {
  events: number;
  /** Events delivered to every consumer (an `event_deliveries` row `delivered` for each). */
  deliveredToAll: number;
  /** Automation runs (one per matching rule and event) and how many should exist. */
  runs: number;
  expectedRuns: number;
  /** Webhook deliveries (one per event and endpoint it goes to) and how many should exist. */
  webhookDeliveries: number;
  expectedWebhookDeliveries: number;
}

/** What the run left behind: counts, and for everything that should be empty, how many and which. */
export interface LedgerFindings {
  projects: number;
  /** Projects whose key appears more than once (the API let a retried create commit twice). */
  duplicateProjects: Found<string>;
  outboxEvents: number;
  /** Every event of the run, by id: what the stream must hold. */
  events: Array<{ id: string; workspaceId: string; type: string }>;
  byType: Record<string, TypeTally>;
  /** Projects with no `project.created` event, or more than one. */
  projectsWithoutEvent: Found<string>;
  duplicateProjectEvents: number;
  /** Comments with no `comment.created` event, or more than one; events naming no comment. */
  commentsWithoutEvent: Found<string>;
  duplicateCommentEvents: number;
  strayCommentEvents: Found<string>;
  unrelayed: number;
  /** Relayed events JetStream has not acknowledged (still pending, or never stamped). */
  notOnJetStream: Found<string>;
  /** (event, consumer) pairs not delivered, with their status (`missing` when no row). */
  undelivered: Found<{ eventId: string; type: string; consumer: string; status: string; lastError: string | null }>;
  deadLetters: number;
  /** (rule, event) pairs the rule should have run for, without a run. */
  eventsWithoutRun: Found<string>;
  /** (rule, event) pairs with more than one run. */
  extraRuns: number;
  /** Runs for events the rule does not listen to. */
  strayRuns: number;
  runsNotSucceeded: Found<{ id: string; status: string; actions: string[] }>;
  actionsNotSucceeded: Found<{ id: string; type: string; status: string; attempts: number; lastError: string | null }>;
  /** Runs without exactly their rule's actions. */
  runsWithWrongActions: number;
  /** Projects with fewer comments than their rules' add_comment actions. */
  projectsWithoutComment: Found<string>;
  /** Comments beyond the rules' add_comment actions: an action that took effect more than once. */
  extraComments: number;
  /** (event, endpoint) pairs that should have a webhook delivery and have none. */
  eventsWithoutDelivery: Found<string>;
  /** Deliveries beyond one per (event, endpoint). */
  extraDeliveries: number;
  /** Deliveries for (event, endpoint) pairs no rule or subscription asked for. */
  strayDeliveries: number;
  deliveriesNotDelivered: Found<{ id: string; eventId: string; status: string; attempts: number }>;
  /** Webhook deliveries in all (the base of the wire-duplicate bound). */
  webhookDeliveries: number;
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

function tally<K>(keys: K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function beyondOne(counts: Map<unknown, number>): number {
  return [...counts.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
}

interface RuleRow {
  id: string;
  workspace_id: string;
  event_type: string;
  enabled: boolean;
  condition: unknown;
  actions: Array<{ type: string; endpointId?: string }>;
}

export async function readLedger(pool: Pool, workspaceIds: string[]): Promise<LedgerFindings> {
  const q = async <T>(sql: string, params: unknown[] = [workspaceIds]): Promise<T[]> =>
    (await pool.query(sql, params)).rows as T[];

  const projects = await q<{ id: string; workspace_id: string; key: string }>(
    'SELECT id, workspace_id, key FROM projects WHERE workspace_id = ANY($1)',
  );
  const keyCounts = tally(projects.map((project) => `${project.workspace_id}/${project.key}`));

  const events = await q<{
    id: string;
    workspace_id: string;
    type: string;
    project_id: string | null;
    comment_id: string | null;
    relayed: boolean;
    nats_pending: boolean;
    published: boolean;
  }>(
    `SELECT id, workspace_id, type, data #>> '{project,id}' AS project_id, data #>> '{comment,id}' AS comment_id,
            relayed_at IS NOT NULL AS relayed, nats_pending, published_to_nats_at IS NOT NULL AS published
       FROM outbox WHERE workspace_id = ANY($1)`,
  );
  const byType: Record<string, TypeTally> = {};
  for (const event of events) {
    byType[event.type] ??= {
      events: 0,
      deliveredToAll: 0,
      runs: 0,
      expectedRuns: 0,
      webhookDeliveries: 0,
      expectedWebhookDeliveries: 0,
    };
    byType[event.type].events += 1;
  }
  const eventById = new Map(events.map((event) => [event.id, event]));

  const created = events.filter((event) => event.type === 'project.created');
  const projectEvents = tally(created.map((event) => String(event.project_id)));
  const commentEventsList = events.filter((event) => event.type === 'comment.created');
  const commentEvents = tally(commentEventsList.map((event) => String(event.comment_id)));

  // Consumers: every event to each of them, once (a claim per (consumer, event)).
  const deliveries = await q<{ event_id: string; consumer: string; status: string; last_error: string | null }>(
    'SELECT event_id, consumer, status, last_error FROM event_deliveries WHERE workspace_id = ANY($1)',
  );
  const deliveryOf = new Map(deliveries.map((row) => [`${row.event_id}/${row.consumer}`, row]));
  const undelivered: LedgerFindings['undelivered']['examples'] = [];
  for (const event of events) {
    let all = true;
    for (const consumer of CONSUMERS) {
      const row = deliveryOf.get(`${event.id}/${consumer}`);
      if (row?.status !== 'delivered') {
        all = false;
        undelivered.push({
          eventId: event.id,
          type: event.type,
          consumer,
          status: row?.status ?? 'missing',
          lastError: row?.last_error ?? null,
        });
      }
    }
    if (all) byType[event.type].deliveredToAll += 1;
  }

  // What each event should cause: the runs of its workspace's matching rules, their comments and webhooks.
  const rules = await q<RuleRow>(
    'SELECT id, workspace_id, event_type, enabled, condition, actions FROM automation_rules WHERE workspace_id = ANY($1)',
  );
  const conditional = rules.filter((rule) => rule.condition !== null);
  if (conditional.length > 0) throw new Error('the fault ledger cannot evaluate rule conditions; use rules without');
  const matching = (event: { workspace_id: string; type: string }) =>
    rules.filter((rule) => rule.enabled && rule.workspace_id === event.workspace_id && rule.event_type === event.type);
  const endpoints = await q<{ id: string; workspace_id: string; event_types: string[]; enabled: boolean }>(
    'SELECT id, workspace_id, event_types, enabled FROM webhook_endpoints WHERE workspace_id = ANY($1)',
  );

  const runs = await q<{ id: string; workspace_id: string; rule_id: string; event_id: string; status: string }>(
    'SELECT id, workspace_id, rule_id, event_id, status FROM automation_runs WHERE workspace_id = ANY($1)',
  );
  const runsPerPair = tally(runs.map((run) => `${run.rule_id}/${run.event_id}`));
  const expectedPairs = new Set<string>();
  const expectedWebhooks = new Set<string>();
  const expectedCommentsPerProject = new Map<string, number>();
  const eventsWithoutRun: string[] = [];
  for (const event of events) {
    for (const rule of matching(event)) {
      const pair = `${rule.id}/${event.id}`;
      expectedPairs.add(pair);
      byType[event.type].expectedRuns += 1;
      if (!runsPerPair.has(pair)) eventsWithoutRun.push(`${event.type} ${event.id} (rule ${rule.id})`);
      for (const action of rule.actions) {
        if (action.type === 'send_webhook') expectedWebhooks.add(`${event.id}/${String(action.endpointId)}`);
        if (action.type === 'add_comment' && event.project_id) {
          expectedCommentsPerProject.set(event.project_id, (expectedCommentsPerProject.get(event.project_id) ?? 0) + 1);
        }
      }
    }
    for (const endpoint of endpoints) {
      const subscribed = endpoint.event_types.includes(event.type) || endpoint.event_types.includes('*');
      if (endpoint.enabled && endpoint.workspace_id === event.workspace_id && subscribed) {
        expectedWebhooks.add(`${event.id}/${endpoint.id}`);
      }
    }
  }
  for (const pair of expectedWebhooks) {
    const type = eventById.get(pair.split('/')[0])?.type;
    if (type) byType[type].expectedWebhookDeliveries += 1;
  }
  for (const run of runs) {
    const type = eventById.get(run.event_id)?.type;
    if (type) byType[type].runs += 1;
  }
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));

  const actions = await q<{
    id: string;
    run_id: string;
    type: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT id, run_id, type, status, attempts, last_error FROM automation_run_actions
      WHERE workspace_id = ANY($1) ORDER BY run_id, action_index`,
  );
  const actionsPerRun = new Map<string, typeof actions>();
  for (const action of actions) actionsPerRun.set(action.run_id, [...(actionsPerRun.get(action.run_id) ?? []), action]);

  const comments = await q<{ id: string; project_id: string }>(
    'SELECT id, project_id FROM comments WHERE workspace_id = ANY($1)',
  );
  const commentsPerProject = tally(comments.map((comment) => comment.project_id));
  const commentIds = new Set(comments.map((comment) => comment.id));

  const webhookDeliveries = await q<{
    id: string;
    event_id: string;
    endpoint_id: string;
    status: string;
    attempt_count: number;
  }>('SELECT id, event_id, endpoint_id, status, attempt_count FROM webhook_deliveries WHERE workspace_id = ANY($1)');
  const webhooksPerPair = tally(webhookDeliveries.map((row) => `${row.event_id}/${row.endpoint_id}`));
  for (const row of webhookDeliveries) {
    const type = eventById.get(row.event_id)?.type;
    if (type) byType[type].webhookDeliveries += 1;
  }

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
    events: events.map((event) => ({ id: event.id, workspaceId: event.workspace_id, type: event.type })),
    byType,
    projectsWithoutEvent: found(projects.filter((project) => !projectEvents.has(project.id)).map((p) => p.id)),
    duplicateProjectEvents: beyondOne(projectEvents),
    commentsWithoutEvent: found(comments.filter((comment) => !commentEvents.has(comment.id)).map((c) => c.id)),
    duplicateCommentEvents: beyondOne(commentEvents),
    strayCommentEvents: found(
      commentEventsList.filter((event) => !commentIds.has(String(event.comment_id))).map((event) => event.id),
    ),
    unrelayed: events.filter((event) => !event.relayed).length,
    notOnJetStream: found(events.filter((event) => event.nats_pending || !event.published).map((event) => event.id)),
    undelivered: found(undelivered),
    deadLetters: deliveries.filter((row) => row.status === 'dead').length,
    eventsWithoutRun: found(eventsWithoutRun),
    extraRuns: beyondOne(runsPerPair),
    strayRuns: runs.filter((run) => !expectedPairs.has(`${run.rule_id}/${run.event_id}`)).length,
    runsNotSucceeded: found(
      runs
        .filter((run) => run.status !== 'succeeded')
        .map((run) => ({
          id: run.id,
          status: run.status,
          actions: (actionsPerRun.get(run.id) ?? []).map((action) => `${action.type}:${action.status}`),
        })),
    ),
    actionsNotSucceeded: found(
      actions
        .filter((action) => action.status !== 'succeeded')
        .map((action) => ({
          id: action.id,
          type: action.type,
          status: action.status,
          attempts: action.attempts,
          lastError: action.last_error,
        })),
    ),
    runsWithWrongActions: runs.filter((run) => {
      const expected = (ruleById.get(run.rule_id)?.actions ?? []).map((action) => action.type);
      const actual = (actionsPerRun.get(run.id) ?? []).map((action) => action.type);
      return JSON.stringify(expected) !== JSON.stringify(actual);
    }).length,
    projectsWithoutComment: found(
      [...expectedCommentsPerProject]
        .filter(([projectId, expected]) => (commentsPerProject.get(projectId) ?? 0) < expected)
        .map(([projectId]) => projectId),
    ),
    extraComments: [...commentsPerProject].reduce(
      (sum, [projectId, count]) => sum + Math.max(0, count - (expectedCommentsPerProject.get(projectId) ?? 0)),
      0,
    ),
    eventsWithoutDelivery: found([...expectedWebhooks].filter((pair) => !webhooksPerPair.has(pair))),
    extraDeliveries: beyondOne(webhooksPerPair),
    strayDeliveries: [...webhooksPerPair.keys()].filter((pair) => !expectedWebhooks.has(pair)).length,
    deliveriesNotDelivered: found(
      webhookDeliveries
        .filter((row) => row.status !== 'delivered')
        .map((row) => ({ id: row.id, eventId: row.event_id, status: row.status, attempts: row.attempt_count })),
    ),
    webhookDeliveries: webhookDeliveries.length,
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
