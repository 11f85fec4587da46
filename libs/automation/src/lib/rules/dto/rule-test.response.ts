export class PlannedActionResponse {
  /** @example 0 */
  index: number;
  /** @example "add_comment" */
  type: string;
  /** What the action would run with, resolved against the event. @example {"type":"add_comment","body":"A reviewer will pick this up today.","projectId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30"} */
  input: Record<string, unknown>;
}

export class RuleTestResponse {
  /** @example true */
  wouldFire: boolean;
  /** Why not, when it would not. @example null */
  reason: string | null;
  /** The condition's verdict; null when the rule has none or it was not reached. @example true */
  conditionMatched: boolean | null;
  actions: PlannedActionResponse[];
}
