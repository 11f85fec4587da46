import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { domainEventOf, RecentEventsService } from '@keel/events';
import type { DomainEvent } from '@keel/events';
import { JobRunsService } from '@keel/jobs';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AUTOMATION_ACTION_JOB, AutomationActionInput } from '../actions/automation-action-input';
import { MAX_AUTOMATION_DEPTH } from '../rules/automation-action';
import { AutomationRule } from '../rules/automation-rule.entity';
import { resolveAction } from '../rules/resolve-action';
import { AutomationRun } from './automation-run.entity';
import { AutomationRunAction, RunActionStatus } from './automation-run-action.entity';

/** Action statuses a replay starts again from. */
const REPLAYABLE: readonly RunActionStatus[] = ['failed', 'cancelled'];
const ERROR_MAX_LENGTH = 2_000;

export interface RunWithActions {
  run: AutomationRun;
  actions: AutomationRunAction[];
}

/** Runs of rules and their actions; in the workspace's tenant transaction. */
@Injectable()
export class AutomationRunsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly jobs: JobRunsService,
    private readonly events: RecentEventsService,
  ) {}

  private get runs() {
    return this.txHost.tx.getRepository(AutomationRun);
  }

  private get actions() {
    return this.txHost.tx.getRepository(AutomationRunAction);
  }

  /**
   * Fires `rule` on `event`: one run per (rule, event), its actions queued as
   * job runs in this transaction. Past the depth limit the run is recorded
   * as skipped and nothing runs. Null when the pair has a run already.
   */
  async fire(rule: AutomationRule, event: DomainEvent): Promise<AutomationRun | null> {
    const tooDeep = event.depth > MAX_AUTOMATION_DEPTH;
    const now = new Date();
    const run: AutomationRun = {
      workspaceId: rule.workspaceId,
      id: newId(),
      ruleId: rule.id,
      eventId: event.id,
      eventType: event.type,
      eventDepth: event.depth,
      status: tooDeep ? 'skipped' : 'running',
      skippedReason: tooDeep
        ? `Loop protection: the event's depth ${event.depth} is past ${MAX_AUTOMATION_DEPTH}, so no rule fires.`
        : null,
      createdAt: now,
      updatedAt: now,
      finishedAt: tooDeep ? now : null,
    };
    const inserted: unknown[] = await this.txHost.tx.query(
      `INSERT INTO automation_runs
         (workspace_id, id, rule_id, event_id, event_type, event_depth, status, skipped_reason, created_at, updated_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
       ON CONFLICT (workspace_id, rule_id, event_id) DO NOTHING
       RETURNING id`,
      [
        run.workspaceId,
        run.id,
        run.ruleId,
        run.eventId,
        run.eventType,
        run.eventDepth,
        run.status,
        run.skippedReason,
        now,
        run.finishedAt,
      ],
    );
    if (inserted.length === 0) return null;
    if (tooDeep) return run;
    for (const [index, action] of rule.actions.entries()) {
      const runAction: AutomationRunAction = {
        workspaceId: rule.workspaceId,
        id: newId(),
        runId: run.id,
        actionIndex: index,
        type: action.type,
        input: resolveAction(action, event),
        status: 'pending',
        attempts: 0,
        lastError: null,
        jobRunId: newId(),
        result: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      };
      await insertRows(this.txHost.tx, AutomationRunAction, runAction);
      await this.startJob(runAction, rule, event);
    }
    return run;
  }

  private async startJob(
    action: AutomationRunAction,
    rule: Pick<AutomationRule, 'id'>,
    event: DomainEvent,
  ): Promise<void> {
    const input: AutomationActionInput = { runActionId: action.id, runId: action.runId, ruleId: rule.id, event };
    await this.jobs.start(action.workspaceId, AUTOMATION_ACTION_JOB, { ...input }, action.jobRunId ?? newId());
  }

  async get(workspaceId: string, runId: string): Promise<RunWithActions> {
    const run = await this.runs.findOneBy({ workspaceId, id: runId });
    if (!run) throw new DomainError('NOT_FOUND', 'No automation run of this workspace has this id.');
    return { run, actions: await this.actions.find({ where: { workspaceId, runId }, order: { actionIndex: 'ASC' } }) };
  }

  /** A rule's runs, newest first, each with its actions. */
  async list(workspaceId: string, ruleId: string, limit: number, beforeId?: string): Promise<RunWithActions[]> {
    const query = this.runs
      .createQueryBuilder('run')
      .where('run.workspace_id = :workspaceId AND run.rule_id = :ruleId', { workspaceId, ruleId })
      .orderBy('run.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('run.id < :beforeId', { beforeId });
    const runs = await query.getMany();
    if (runs.length === 0) return [];
    const actions = await this.actions
      .createQueryBuilder('action')
      .where('action.workspace_id = :workspaceId AND action.run_id IN (:...runIds)', {
        workspaceId,
        runIds: runs.map((run) => run.id),
      })
      .orderBy('action.action_index', 'ASC')
      .getMany();
    return runs.map((run) => ({ run, actions: actions.filter((action) => action.runId === run.id) }));
  }

  /**
   * Queues the run's failed and cancelled actions again, each in a new job
   * run (and each still takes effect at most once); 409 CONFLICT when none
   * failed or was cancelled. An action is taken from its status, so two
   * replays at once queue it once.
   */
  async replay(workspaceId: string, runId: string): Promise<RunWithActions> {
    const { run, actions } = await this.get(workspaceId, runId);
    const ended = actions.filter((action) => REPLAYABLE.includes(action.status));
    if (ended.length === 0) {
      throw new DomainError(
        'CONFLICT',
        `No action of this run failed or was cancelled (the run is ${run.status}); there is nothing to replay.`,
      );
    }
    const event = await this.eventOf(workspaceId, run);
    const now = new Date();
    let replayed = 0;
    for (const action of ended) {
      const jobRunId = newId();
      const taken = await this.actions
        .createQueryBuilder()
        .update()
        .set({ status: 'pending', jobRunId, updatedAt: now, finishedAt: null })
        .where('workspace_id = :workspaceId AND id = :id AND status IN (:...statuses)', {
          workspaceId,
          id: action.id,
          statuses: REPLAYABLE,
        })
        .execute();
      if (taken.affected !== 1) continue;
      await this.startJob({ ...action, jobRunId }, { id: run.ruleId }, event);
      replayed++;
    }
    if (replayed === 0) throw new DomainError('CONFLICT', 'The run was replayed meanwhile; read it again.');
    await this.runs.update({ workspaceId, id: runId }, { status: 'running', updatedAt: now, finishedAt: null });
    return this.get(workspaceId, runId);
  }

  /**
   * The job carrying an action ended failed or cancelled (told by the jobs
   * ledger, in its transaction): an action that job still carries and that
   * is still open ends the same way, with the reason, and its run settles —
   * so it can be replayed. One that succeeded, or recorded its own failure,
   * or that a replay moved to another job, is left as it is.
   */
  async endAction(
    workspaceId: string,
    input: Pick<AutomationActionInput, 'runActionId' | 'runId'>,
    jobRunId: string,
    status: 'failed' | 'cancelled',
    reason: string,
  ): Promise<void> {
    const [, changed]: [unknown, number] = await this.txHost.tx.query(
      `UPDATE automation_run_actions
          SET status = $4, last_error = $5, finished_at = now(), updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND job_run_id = $3 AND status IN ('pending', 'retrying')`,
      [workspaceId, input.runActionId, jobRunId, status, reason.slice(0, ERROR_MAX_LENGTH)],
    );
    if (changed > 0) await this.settle(workspaceId, input.runId);
  }

  /** The triggering event, as the outbox kept it. */
  private async eventOf(workspaceId: string, run: AutomationRun): Promise<DomainEvent> {
    const stored = await this.events.get(workspaceId, run.eventId);
    if (!stored)
      throw new DomainError('CONFLICT', 'The event that triggered this run is no longer kept; it cannot be replayed.');
    return domainEventOf(stored);
  }

  /**
   * After an action's outcome: the run is done when no action is pending or
   * retrying — failed if any failed, else cancelled if any was cancelled,
   * else succeeded. A settled run is settled again when an action's outcome
   * changed later (a job retried through the jobs API, a job that outlived
   * its cancel). The run's row is locked first, so two actions finishing at
   * once settle one after the other, the second seeing the first's outcome.
   */
  async settle(workspaceId: string, runId: string): Promise<void> {
    await this.txHost.tx.query('SELECT 1 FROM automation_runs WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [
      workspaceId,
      runId,
    ]);
    await this.txHost.tx.query(
      `UPDATE automation_runs r
          SET status = s.outcome, finished_at = now(), updated_at = now()
         FROM (SELECT count(*) FILTER (WHERE status IN ('pending', 'retrying')) AS open,
                      CASE WHEN count(*) FILTER (WHERE status = 'failed') > 0 THEN 'failed'
                           WHEN count(*) FILTER (WHERE status = 'cancelled') > 0 THEN 'cancelled'
                           ELSE 'succeeded' END AS outcome
                 FROM automation_run_actions WHERE workspace_id = $1 AND run_id = $2) s
        WHERE r.workspace_id = $1 AND r.id = $2 AND s.open = 0 AND r.status <> 'skipped' AND r.status <> s.outcome`,
      [workspaceId, runId],
    );
  }
}
