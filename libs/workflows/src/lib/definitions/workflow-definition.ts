/** The fixed categories every state belongs to; reports and automations read these, not state names. */
export const STATE_CATEGORIES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export type StateCategory = (typeof STATE_CATEGORIES)[number];

/** `from` holding this means "from any state" (but the target itself). */
export const ANY_STATE = '*';

/** Project fields a transition can require to be set (non-empty). */
export const REQUIRABLE_FIELDS = ['name', 'description'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export interface WorkflowState {
  name: string;
  category: StateCategory;
}

/** A JSON-logic rule over `{project, comment}`, and what to tell the user when it does not hold. */
export interface TransitionRule {
  logic: Record<string, unknown>;
  message: string;
}

export interface TransitionConditions {
  commentRequired?: boolean;
  requiredFields?: RequirableField[];
  rule?: TransitionRule;
}

export interface WorkflowTransition {
  name: string;
  /** State names, or `["*"]` for any state. */
  from: string[];
  to: string;
  /** Needed on top of `projects:transition`; defaults to it. */
  permission?: string;
  conditions?: TransitionConditions;
}

/** What a workflow version holds: its content, hashed when it is stored. */
export interface WorkflowDefinition {
  states: WorkflowState[];
  transitions: WorkflowTransition[];
  initialState: string;
}

export const DEFAULT_TRANSITION_PERMISSION = 'projects:transition';

export function stateNamed(definition: WorkflowDefinition, name: string): WorkflowState | undefined {
  return definition.states.find((state) => state.name === name);
}

/** Whether `transition` leaves from `state`. */
export function leavesFrom(transition: WorkflowTransition, state: string): boolean {
  return transition.to !== state && (transition.from.includes(ANY_STATE) || transition.from.includes(state));
}

/** The transitions that leave `state`, in definition order. */
export function transitionsFrom(definition: WorkflowDefinition, state: string): WorkflowTransition[] {
  return definition.transitions.filter((transition) => leavesFrom(transition, state));
}
