import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { TransactionHost } from '@nestjs-cls/transactional';
import { EventHandling } from '@keel/events';
import { ActorContext } from '@keel/identity';
import { JobContext, JobHandler, JobRunEnd, PermanentJobError } from '@keel/jobs';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { WorkspaceScope } from '@keel/tenancy';
import { ProjectActions } from '@keel/workflows';
import { AutomationRunAction } from '../runs/automation-run-action.entity';
import { AutomationRunsService } from '../runs/automation-runs.service';
import { AUTOMATION_ACTION_JOB, AutomationActionInput } from './automation-action-input';
import { WebhookOutlet } from './webhook-outlet';

const MAX_ATTEMPTS = 5;
const ERROR_MAX_LENGTH = 2_000;

/** Thrown between steps once the job's signal is aborted (a cancel, the timeout, a shutdown). */
class ActionStoppedError extends Error {
  constructor() {
    super('The action was stopped before it took effect.');
  }
}

function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ActionStoppedError();
}

/** What automation may do in a workspace, whoever wrote the rule. */
const AUTOMATION_PERMISSIONS = new Set(['projects:read', 'projects:transition', 'comments:write'] as const);

/**
 * Runs one action of one automation run, as a job. The action's success is
 * written in the same transaction as its effect (the transition, the
 * comment, the queued webhook delivery), so a retry after a crash finds it
 * done and does nothing: each (rule, event, action) takes effect once.
 * Events the effect publishes are caused by the triggering event, one level
 * deeper, and continue its trace. A refusal by the workflow (a transition not allowed, a project
 * gone) fails the action at once; other errors are retried.
 *
 * A cancel or the timeout aborts the job's signal: the action stops at its
 * next step, and since its effect and its success commit together, stopping
 * before the commit leaves no effect. However its job ends without this
 * handler saying so (cancelled before it ran, cut off, its worker dead),
 * `ended` ends the action the same way, so its run settles and can be
 * replayed.
 */
@Injectable()
export class AutomationActionJob implements JobHandler<AutomationActionInput> {
  readonly type = AUTOMATION_ACTION_JOB;
  readonly timeoutSeconds = 60;
  readonly maxAttempts = MAX_ATTEMPTS;

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
    private readonly actors: ActorContext,
    private readonly scope: WorkspaceScope,
    private readonly handling: EventHandling,
    private readonly projects: ProjectActions,
    private readonly webhooks: WebhookOutlet,
    private readonly runs: AutomationRunsService,
  ) {}

  run(context: JobContext<AutomationActionInput>): Promise<Record<string, unknown>> {
    const { workspaceId } = context;
    const { event, ruleId } = context.input;
    return this.cls.run(async () => {
      this.actors.set({ kind: 'automation', ruleId, workspaceId });
      this.scope.set({ workspaceId, permissions: AUTOMATION_PERMISSIONS });
      try {
        stopIfAborted(context.signal);
        return await this.tenants.runInTenantTransaction(workspaceId, () =>
          this.handling.within(event, () => this.takeEffect(context)),
        );
      } catch (error) {
        // Stopped from outside: the runner records how the attempt ended, and `ended` the action if that ends the job.
        if (context.signal.aborted) throw error;
        // A refusal is final, but a concurrent change to the project is worth another attempt.
        const permanent = error instanceof DomainError && error.code !== 'VERSION_CONFLICT';
        const final = permanent || context.attempt >= context.maxAttempts;
        await this.tenants.runInTenantTransaction(workspaceId, () => this.recordFailure(context, error, final));
        if (permanent) throw new PermanentJobError(error.detail, { cause: error });
        throw error;
      }
    });
  }

  /** The job ended failed or cancelled: an action it still carried ends so too, with the reason, and its run settles. */
  async ended(end: JobRunEnd<AutomationActionInput>): Promise<void> {
    await this.runs.endAction(end.workspaceId, end.input, end.runId, end.status, end.reason);
  }

  private async takeEffect(context: JobContext<AutomationActionInput>): Promise<Record<string, unknown>> {
    const { workspaceId } = context;
    const { runActionId, runId, event } = context.input;
    const actions = this.txHost.tx.getRepository(AutomationRunAction);
    const action = await actions
      .createQueryBuilder('action')
      .where('action.workspace_id = :workspaceId AND action.id = :runActionId', { workspaceId, runActionId })
      .setLock('pessimistic_write')
      .getOne();
    if (!action) throw new DomainError('NOT_FOUND', 'The automation run this action belongs to was deleted.');
    if (action.status === 'succeeded') return { alreadyDone: true };
    // The lock may have waited long (on a replay, a rule being deleted): the job may have been cancelled meanwhile.
    stopIfAborted(context.signal);
    const input = action.input;
    let result: Record<string, unknown>;
    switch (input.type) {
      case 'transition_project':
        result = await this.projects.transition(workspaceId, requireProject(input.projectId), input.to, undefined);
        break;
      case 'add_comment':
        result = await this.projects.comment(workspaceId, requireProject(input.projectId), input.body);
        break;
      case 'send_webhook':
        result = {
          deliveryId: (await this.webhooks.enqueueDelivery(workspaceId, input.endpointId, event, `action:${action.id}`))
            .id,
        };
        break;
    }
    // The effect is not committed yet: stopping now undoes it.
    stopIfAborted(context.signal);
    await this.txHost.tx.query(
      `UPDATE automation_run_actions
          SET status = 'succeeded', attempts = attempts + 1, result = $3, last_error = NULL, finished_at = now(), updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, runActionId, JSON.stringify(result)],
    );
    await this.runs.settle(workspaceId, runId);
    return result;
  }

  /**
   * Only while this job still carries the action (a replay moves it to a new
   * job) and it is not done or cancelled: a late failure of a job that was
   * cut off changes nothing. A failed action is still open to its own job,
   * which the jobs API may retry.
   */
  private async recordFailure(
    context: JobContext<AutomationActionInput>,
    error: unknown,
    final: boolean,
  ): Promise<void> {
    const { workspaceId, input } = context;
    const message =
      error instanceof DomainError
        ? `${error.code}: ${error.detail}`
        : error instanceof Error
          ? error.message
          : String(error);
    await this.txHost.tx.query(
      `UPDATE automation_run_actions
          SET status = $3, attempts = attempts + 1, last_error = $4, updated_at = now(),
              finished_at = CASE WHEN $3 = 'failed' THEN now() ELSE NULL END
        WHERE workspace_id = $1 AND id = $2 AND job_run_id = $5 AND status IN ('pending', 'retrying', 'failed')`,
      [
        workspaceId,
        input.runActionId,
        final ? 'failed' : 'retrying',
        message.slice(0, ERROR_MAX_LENGTH),
        context.runId,
      ],
    );
    await this.runs.settle(workspaceId, input.runId);
  }
}

function requireProject(projectId: unknown): string {
  if (typeof projectId !== 'string') {
    throw new DomainError('NOT_FOUND', 'The event names no project and the action gives no projectId.');
  }
  return projectId;
}
