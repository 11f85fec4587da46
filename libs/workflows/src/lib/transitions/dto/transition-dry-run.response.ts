import { FailedConditionResponse } from './transition-option.response';

export class TransitionCheckFailureResponse {
  /** The problem code the request would be refused with for this check. @example "TRANSITION_CONDITION_FAILED" */
  code: string;
  /** @example "\"Ship\" needs the description to be set." */
  detail: string;
  failedCondition?: FailedConditionResponse;
  /** For PERMISSION_DENIED: the permission the caller lacks. @example "projects:transition" */
  permission?: string;
}

export class TransitionDryRunResponse {
  /** Whether the same request, sent for real now, would move the project. @example false */
  wouldSucceed: boolean;
  /** What it would answer: 200, or the status of the first failing check. @example 422 */
  status: number;
  /** The problem code it would answer with, or null. @example "TRANSITION_CONDITION_FAILED" */
  code: string | null;
  /** The transition that leads there, when one does. @example "Start" */
  transition: string | null;
  /** @example "Backlog" */
  from: string;
  /** @example "In progress" */
  to: string;
  /** Every failing check, in the order the real request checks them. */
  failures: TransitionCheckFailureResponse[];
}
