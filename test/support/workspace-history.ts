import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PopulatedWorkspace } from './keel-tenants';
import { pollUntil } from './poll';

/**
 * Rows only time and failures produce — a dead-lettered event delivery, a
 * queued and a failed job run, an automation run whose action failed, a
 * webhook delivery, a closed period's invoice, an AI thread's message, a failed export — written straight into a populated workspace (as the
 * superuser), shaped as the services write them. For suites that must name
 * such objects by id at once.
 */
export interface WorkspaceHistory {
  eventId: string;
  deadLetterId: string;
  queuedJobId: string;
  failedJobId: string;
  failedRunId: string;
  deliveryId: string;
  invoiceId: string;
  mismatchId: string;
  exportId: string;
}

export async function plantWorkspaceHistory(
  dataSource: DataSource,
  workspace: PopulatedWorkspace,
): Promise<WorkspaceHistory> {
  const ids = {
    eventId: randomUUID(),
    deadLetterId: randomUUID(),
    queuedJobId: randomUUID(),
    failedJobId: randomUUID(),
    failedRunId: randomUUID(),
    failedActionId: randomUUID(),
    deliveryId: randomUUID(),
    invoiceId: randomUUID(),
    mismatchId: randomUUID(),
    exportId: randomUUID(),
  };
  const event = {
    id: ids.eventId,
    workspaceId: workspace.id,
    type: 'project.created',
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { type: 'user', id: workspace.owner.userId },
    data: { project: workspace.project },
    traceparent: null,
    causationId: null,
    depth: 0,
  };
  await dataSource.transaction(async (manager) => {
    const run = (sql: string, params: unknown[]) => manager.query(sql, params);
    // An event the relay has handed on already (so it is not relayed again here).
    await run(
      `INSERT INTO outbox (workspace_id, id, type, version, occurred_at, actor_type, actor_id, data, relayed_at)
       VALUES ($1, $2, 'project.created', 1, now(), 'user', $3, $4, now())`,
      [workspace.id, ids.eventId, workspace.owner.userId, JSON.stringify(event.data)],
    );
    await run(
      `INSERT INTO event_deliveries (workspace_id, id, consumer, event_id, event_type, status, attempts, last_error)
       VALUES ($1, $2, 'automation.rules', $3, 'project.created', 'dead', 6, 'connection terminated unexpectedly')`,
      [workspace.id, ids.deadLetterId, ids.eventId],
    );
    const jobInput = JSON.stringify({
      runActionId: randomUUID(),
      runId: randomUUID(),
      ruleId: workspace.automationRule.id,
      event,
    });
    await run(
      `INSERT INTO job_runs (workspace_id, id, type, status, input, max_attempts, timeout_seconds)
       VALUES ($1, $2, 'automation.action', 'queued', $3, 5, 60)`,
      [workspace.id, ids.queuedJobId, jobInput],
    );
    await run(
      `INSERT INTO job_runs (workspace_id, id, type, status, input, attempts, max_attempts, last_error, timeout_seconds, finished_at)
       VALUES ($1, $2, 'automation.action', 'failed', $3, 5, 5, 'connection terminated unexpectedly', 60, now())`,
      [workspace.id, ids.failedJobId, jobInput],
    );
    await run(
      `INSERT INTO automation_runs (workspace_id, id, rule_id, event_id, event_type, event_depth, status, finished_at)
       VALUES ($1, $2, $3, $4, 'project.created', 0, 'failed', now())`,
      [workspace.id, ids.failedRunId, workspace.automationRule.id, ids.eventId],
    );
    await run(
      `INSERT INTO automation_run_actions (workspace_id, id, run_id, action_index, type, input, status, attempts, last_error, finished_at)
       VALUES ($1, $2, $3, 0, 'add_comment', $4, 'failed', 5, 'connection terminated unexpectedly', now())`,
      [
        workspace.id,
        ids.failedActionId,
        ids.failedRunId,
        JSON.stringify({ type: 'add_comment', body: 'Planted', projectId: workspace.project.id }),
      ],
    );
    await run(
      `INSERT INTO webhook_deliveries (workspace_id, id, endpoint_id, dedupe_key, event_id, event_type, body, status, attempt_count, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'project.created', $6, 'failed', 8, now() + interval '30 days')`,
      [
        workspace.id,
        ids.deliveryId,
        workspace.webhookEndpoint.id,
        `event:${ids.eventId}`,
        ids.eventId,
        JSON.stringify(event),
      ],
    );
    await run(
      `INSERT INTO webhook_delivery_attempts (workspace_id, id, delivery_id, number, outcome, status_code, latency_ms, response_excerpt, attempted_at)
       VALUES ($1, $2, $3, 1, 'http-error', 503, 120, 'Service Unavailable', now())`,
      [workspace.id, randomUUID(), ids.deliveryId],
    );
    // A cached chunk vector (only ingestion with an embeddings provider makes one).
    await run(
      `INSERT INTO document_embedding_cache (workspace_id, model, sha256, embedding)
       VALUES ($1, 'planted-embedding-model', $2, '{0.6,0.8}')`,
      [workspace.id, randomUUID().replaceAll('-', '').padEnd(64, '0')],
    );
    // A message of the AI thread (only a prompt-mode execution, which needs a model provider, appends one).
    await run(
      `INSERT INTO ai_thread_messages (workspace_id, thread_id, seq, role, content)
       VALUES ($1, $2, 1, 'user', 'Planted prompt: which projects are blocked?')`,
      [workspace.id, workspace.aiThread.id],
    );
    // A closed period's invoice, open for payment, with its plan line (only the period close job makes one).
    await run(
      `INSERT INTO invoices (workspace_id, id, subscription_id, status, currency, period_start, period_end,
                             subtotal, total, amount_due, finalized_at)
       SELECT workspace_id, $2, id, 'open', 'usd', now() - interval '1 month', now(), 2900, 2900, 2900, now()
         FROM subscriptions WHERE workspace_id = $1`,
      [workspace.id, ids.invoiceId],
    );
    await run(
      `INSERT INTO invoice_lines (workspace_id, id, subscription_id, invoice_id, kind, description, quantity,
                                  unit_amount, amount, period_start, period_end)
       SELECT workspace_id, $2, subscription_id, id, 'plan', 'Planted (monthly)', 1, 2900, 2900, period_end,
              period_end + interval '1 month'
         FROM invoices WHERE workspace_id = $1 AND id = $3`,
      [workspace.id, randomUUID(), ids.invoiceId],
    );
    // A payment provider's webhook event in the inbox (only a provider's signed webhook puts one there).
    await run(
      `INSERT INTO billing_provider_events (workspace_id, id, provider, provider_event_id, type, object_id, object,
                                            occurred_at, outcome, processed_at)
       VALUES ($1, $2, 'stripe', $3, 'invoice.paid', 'in_planted', '{"object": "invoice"}', now(), 'ignored', now())`,
      [workspace.id, randomUUID(), `evt_${randomUUID()}`],
    );
    // A reconciliation with one open mismatch (only a reconciliation against a provider that holds records finds one).
    const reconciliationId = randomUUID();
    await run(
      `INSERT INTO billing_reconciliations (workspace_id, id, provider, trigger, mismatches, started_at, finished_at)
       VALUES ($1, $2, 'stripe', 'cli', 1, now(), now())`,
      [workspace.id, reconciliationId],
    );
    await run(
      `INSERT INTO billing_mismatches (workspace_id, id, reconciliation_id, type, object, local_id, provider_id, local,
                                       provider_value, status)
       VALUES ($1, $2, $3, 'status_differs', 'invoice', $4, 'in_planted', '{"status": "open"}', '{"status": "paid"}', 'open')`,
      [workspace.id, ids.mismatchId, reconciliationId, ids.invoiceId],
    );
    // A workspace export that failed (only an export job run that gave up leaves one).
    await run(
      `INSERT INTO workspace_exports (workspace_id, id, status, job_run_id, format_version, error, finished_at)
       VALUES ($1, $2, 'failed', $3, 2, 'The blob store was unreachable.', now())`,
      [workspace.id, ids.exportId, randomUUID()],
    );
    // A threshold crossed (only a workspace at half its limit or more has one).
    await run(
      `INSERT INTO entitlement_thresholds (workspace_id, feature, period_start, percent, usage, limit_value)
       VALUES ($1, 'projects', now() - interval '400 days', 50, 3, 5)`,
      [workspace.id],
    );
  });
  const { failedActionId: _unused, ...history } = ids;
  return history;
}

/**
 * Resolves once nothing is in flight for the workspace: every one of its
 * events relayed (and published to NATS where it goes there), and no job of
 * the process due or running — the relay, the consumers and the actions they
 * start are done with what populating it caused. A job scheduled for later (a
 * webhook's next retry in minutes, a cron run) is not in flight. Read
 * from the database, not guessed from a quiet spell: a slow machine only
 * makes it take longer.
 */
export async function workspaceDrained(dataSource: DataSource, workspaceId: string): Promise<void> {
  await pollUntil(
    `the work set off in workspace ${workspaceId} to be done`,
    async () => {
      const [row] = await dataSource.query(
        `SELECT
           (SELECT count(*)::int FROM outbox WHERE workspace_id = $1 AND (relayed_at IS NULL OR nats_pending)) AS events,
           (SELECT count(*)::int FROM pgboss.job
             WHERE name NOT LIKE '\\_\\_pgboss%'
               AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))) AS jobs`,
        [workspaceId],
      );
      return row as { events: number; jobs: number };
    },
    ({ events, jobs }) => events === 0 && jobs === 0,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}
