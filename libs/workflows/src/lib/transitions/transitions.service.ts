import { Injectable } from '@nestjs/common';
import { DomainError, ERROR_CODES } from '@keel/platform-errors';
import { Permission, WorkspaceScope } from '@keel/tenancy';
import { ActivityLog } from '../activity/activity-log.service';
import { stateNamed, transitionsFrom } from '../definitions/workflow-definition';
import { definitionOf, WorkflowVersionsService } from '../definitions/workflow-versions.service';
import { Project } from '../projects/project.entity';
import { projectFacts } from '../projects/project-facts';
import { ProjectsService, versionConflict } from '../projects/projects.service';
import { TransitionDryRunResponse } from './dto/transition-dry-run.response';
import { TransitionOptionResponse } from './dto/transition-option.response';
import {
  evaluateTransition,
  failedConditions,
  permissionsFor,
  TransitionEvaluation,
  TransitionRequest,
} from './transition-evaluation';

/** Moving projects through their workflow; in the workspace's tenant transaction. */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly workflows: WorkflowVersionsService,
    private readonly activity: ActivityLog,
    private readonly scope: WorkspaceScope,
  ) {}

  private readonly holds = (permission: string): boolean => this.scope.has(permission as Permission);

  /**
   * The transitions the caller may take from the project's state, each with
   * whether its conditions hold now; none for an archived project, which
   * refuses every transition until restored.
   */
  async options(workspaceId: string, projectId: string): Promise<TransitionOptionResponse[]> {
    const workflow = await this.workflows.active(workspaceId);
    const project = await this.projects.get(workspaceId, projectId);
    const facts = projectFacts(project);
    if (facts.archived) return [];
    return transitionsFrom(definitionOf(workflow), project.state)
      .filter((transition) => permissionsFor(transition).every(this.holds))
      .map((transition) => {
        const failed = failedConditions(transition, facts, undefined);
        return {
          name: transition.name,
          to: transition.to,
          conditionsMet: failed.length === 0,
          failedConditions: failed,
        };
      });
  }

  /** Every check of the request, and nothing written. */
  async dryRun(workspaceId: string, projectId: string, request: TransitionRequest): Promise<TransitionDryRunResponse> {
    const { project, evaluation } = await this.evaluate(workspaceId, projectId, request, false);
    const [first] = evaluation.failures;
    return {
      wouldSucceed: first === undefined,
      status: first ? ERROR_CODES[first.code].status : 200,
      code: first?.code ?? null,
      transition: evaluation.transition?.name ?? null,
      from: project.state,
      to: request.to,
      failures: evaluation.failures,
    };
  }

  /**
   * Moves the project: refused with the first failing check's problem. The
   * state change, its activity entry and its `project.transitioned` event
   * commit together.
   */
  async transition(workspaceId: string, projectId: string, request: TransitionRequest): Promise<Project> {
    const { project, definition, evaluation } = await this.evaluate(workspaceId, projectId, request, true);
    throwFirstFailure(project, request, evaluation);
    const transition = evaluation.transition;
    const target = transition && stateNamed(definition, transition.to);
    if (!transition || !target) throw new Error('A transition that passed every check has a target state.');
    const updated = await this.projects.applyChange(project, request.expectedVersion, {
      state: target.name,
      stateCategory: target.category,
    });
    const details = {
      transition: transition.name,
      from: project.state,
      to: target.name,
      fromCategory: project.stateCategory,
      toCategory: target.category,
      comment: request.comment ?? null,
    };
    await this.activity.record(workspaceId, {
      action: 'project.transitioned',
      projectId,
      target: { type: 'project', id: projectId },
      data: details,
    });
    await this.projects.publish(workspaceId, 'project.transitioned', updated, details);
    return updated;
  }

  /**
   * Reads the active workflow (with a share lock when about to write, so a
   * publish cannot move the project underneath) and the project, and runs
   * every check.
   */
  private async evaluate(workspaceId: string, projectId: string, request: TransitionRequest, lock: boolean) {
    const workflow = await this.workflows.active(workspaceId, lock);
    const project = await this.projects.get(workspaceId, projectId);
    const definition = definitionOf(workflow);
    const evaluation = evaluateTransition(definition, projectFacts(project), request, this.holds);
    return { project, definition, evaluation };
  }
}

function throwFirstFailure(project: Project, request: TransitionRequest, evaluation: TransitionEvaluation): void {
  const [first] = evaluation.failures;
  if (!first) return;
  switch (first.code) {
    case 'VERSION_CONFLICT':
      throw versionConflict(project.version, request.expectedVersion);
    case 'TRANSITION_NOT_ALLOWED':
      throw new DomainError(
        'TRANSITION_NOT_ALLOWED',
        `${first.detail} Allowed: ${listOrNone(evaluation.allowedTargets)}.`,
        {
          extensions: { currentState: project.state, allowedTargets: evaluation.allowedTargets },
        },
      );
    case 'PERMISSION_DENIED':
      throw new DomainError('PERMISSION_DENIED', first.detail, { extensions: { permission: first.permission } });
    case 'TRANSITION_CONDITION_FAILED': {
      const conditions = evaluation.failures.flatMap((failure) =>
        failure.failedCondition ? [failure.failedCondition] : [],
      );
      throw new DomainError('TRANSITION_CONDITION_FAILED', conditions.map((condition) => condition.message).join(' '), {
        extensions: { transition: evaluation.transition?.name, failedConditions: conditions },
      });
    }
    default:
      throw new DomainError(first.code, first.detail);
  }
}

function listOrNone(states: readonly string[]): string {
  return states.length > 0 ? states.map((state) => `"${state}"`).join(', ') : 'none';
}
