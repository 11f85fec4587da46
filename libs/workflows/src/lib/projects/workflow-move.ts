import type { WorkflowState } from '../definitions/workflow-definition';

/** Where each state projects are in goes: its own name when the new version keeps it. */
export type StateTargets = Readonly<Record<string, string>>;

/** Every project of a workspace moving onto a newly published workflow version. */
export interface WorkflowMove {
  /** The number of the version the projects move onto, and its states. */
  onto: { number: number; states: readonly WorkflowState[] };
  /** The number of the version they were on; null when there was none. */
  fromVersion: number | null;
  at: Date;
  /**
   * Given how many projects are in each state, where each of those states
   * goes; it throws to refuse the move, and then nothing has changed.
   */
  targetsFor(statesInUse: ReadonlyMap<string, number>): StateTargets;
}
