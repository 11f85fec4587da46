export class FailedConditionResponse {
  /** `commentRequired`, `requiredField` or `rule`. @example "requiredField" */
  condition: string;
  /** For `requiredField`: the project field. @example "description" */
  field?: string;
  /** @example "\"Ship\" needs the description to be set." */
  message: string;
}

export class TransitionOptionResponse {
  /** @example "Start" */
  name: string;
  /** The target state's name, as a transition request names it. @example "In progress" */
  to: string;
  /** Whether every condition holds now (a required comment counts as missing until one is sent). @example true */
  conditionsMet: boolean;
  failedConditions: FailedConditionResponse[];
}

export class TransitionOptionListResponse {
  data: TransitionOptionResponse[];
}
