import { ErrorCode } from '@keel/platform-errors';
import { ruleHolds } from '@keel/platform-rules';
import {
  DEFAULT_TRANSITION_PERMISSION,
  transitionsFrom,
  WorkflowDefinition,
  WorkflowTransition,
} from '../definitions/workflow-definition';
import type { ProjectFacts } from '../projects/project-facts';

/** A condition of a transition that does not hold now. */
export interface FailedCondition {
  condition: 'commentRequired' | 'requiredField' | 'rule';
  /** The project field, for `requiredField`. */
  field?: string;
  message: string;
}

/** One check a transition request fails, with the code the request is refused with. */
export interface TransitionCheckFailure {
  code: Extract<
    ErrorCode,
    | 'PROJECT_ARCHIVED'
    | 'VERSION_CONFLICT'
    | 'TRANSITION_NOT_ALLOWED'
    | 'PERMISSION_DENIED'
    | 'TRANSITION_CONDITION_FAILED'
  >;
  detail: string;
  /** TRANSITION_CONDITION_FAILED: the condition. */
  failedCondition?: FailedCondition;
  /** PERMISSION_DENIED: the permission the caller lacks. */
  permission?: string;
}

export interface TransitionRequest {
  to: string;
  comment?: string;
  expectedVersion: number;
}

export interface TransitionEvaluation {
  /** The transition that leads from the current state to `to`, when one does. */
  transition?: WorkflowTransition;
  /** Every check that fails, in the order the request is refused by (the first one wins). */
  failures: TransitionCheckFailure[];
  /** The targets reachable from the current state. */
  allowedTargets: string[];
}

/**
 * What the transition route itself requires: its guard refuses a caller
 * without it (403) before the request reaches any other check.
 */
export const TRANSITION_ROUTE_PERMISSION = DEFAULT_TRANSITION_PERMISSION;

/** The permissions a caller needs for `transition`: the route's, and the transition's own. */
export function permissionsFor(transition: WorkflowTransition): string[] {
  return [...new Set([DEFAULT_TRANSITION_PERMISSION, transition.permission ?? DEFAULT_TRANSITION_PERMISSION])];
}

/** The conditions of `transition` that do not hold for `project` with this comment. */
export function failedConditions(
  transition: WorkflowTransition,
  project: ProjectFacts,
  comment: string | undefined,
): FailedCondition[] {
  const conditions = transition.conditions ?? {};
  const failed: FailedCondition[] = [];
  if (conditions.commentRequired && !comment?.trim()) {
    failed.push({ condition: 'commentRequired', message: `"${transition.name}" needs a comment.` });
  }
  for (const field of conditions.requiredFields ?? []) {
    if (!project[field].trim()) {
      failed.push({ condition: 'requiredField', field, message: `"${transition.name}" needs the ${field} to be set.` });
    }
  }
  if (conditions.rule && !ruleHolds(conditions.rule.logic, { project, comment: comment ?? null })) {
    failed.push({ condition: 'rule', message: conditions.rule.message });
  }
  return failed;
}

/**
 * Every check of a transition request, without changing anything, in the
 * order the request meets them: the route's permission (the guard's check,
 * which never fails here for the request itself but does for a dry run by a
 * caller without it), archived, version, a transition to the target, the
 * transition's own permission, its conditions. The transition itself and its
 * dry run share this, so a dry run answers what the request would.
 */
export function evaluateTransition(
  definition: WorkflowDefinition,
  project: ProjectFacts,
  request: TransitionRequest,
  holds: (permission: string) => boolean,
): TransitionEvaluation {
  const failures: TransitionCheckFailure[] = [];
  const leaving = transitionsFrom(definition, project.state);
  const allowedTargets = leaving.map((transition) => transition.to);
  if (!holds(TRANSITION_ROUTE_PERMISSION)) {
    failures.push({
      code: 'PERMISSION_DENIED',
      detail: `A transition needs the permission ${TRANSITION_ROUTE_PERMISSION}.`,
      permission: TRANSITION_ROUTE_PERMISSION,
    });
  }
  if (project.archived) {
    failures.push({ code: 'PROJECT_ARCHIVED', detail: 'The project is archived; restore it first.' });
  }
  if (request.expectedVersion !== project.version) {
    failures.push({
      code: 'VERSION_CONFLICT',
      detail: `The project is at version ${project.version}, not ${request.expectedVersion}.`,
    });
  }
  const transition = leaving.find((candidate) => candidate.to === request.to);
  if (!transition) {
    failures.push({
      code: 'TRANSITION_NOT_ALLOWED',
      detail: `No transition leads from "${project.state}" to "${request.to}".`,
    });
    return { failures, allowedTargets };
  }
  // The route's permission was checked first: this is only the one the transition adds to it.
  const [missing] = permissionsFor(transition).filter(
    (permission) => permission !== TRANSITION_ROUTE_PERMISSION && !holds(permission),
  );
  if (missing !== undefined) {
    failures.push({
      code: 'PERMISSION_DENIED',
      detail: `"${transition.name}" needs the permission ${missing}.`,
      permission: missing,
    });
  }
  for (const failedCondition of failedConditions(transition, project, request.comment)) {
    failures.push({ code: 'TRANSITION_CONDITION_FAILED', detail: failedCondition.message, failedCondition });
  }
  return { transition, failures, allowedTargets };
}
