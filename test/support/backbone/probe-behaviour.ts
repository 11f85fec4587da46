/**
 * How the probe consumer behaves for a label, set by the test in this
 * process: how many deliveries of it fail first, and whether handling it
 * publishes a follow-up event (to see causation and depth).
 */
export interface ProbeBehaviour {
  failuresLeft: number;
  publishFollowUp: boolean;
  /** How many times the consumer was entered for the label (attempts, not effects). */
  attempts: number;
}

const behaviours = new Map<string, ProbeBehaviour>();

export function behaviourOf(label: string): ProbeBehaviour {
  let behaviour = behaviours.get(label);
  if (!behaviour) {
    behaviour = { failuresLeft: 0, publishFollowUp: false, attempts: 0 };
    behaviours.set(label, behaviour);
  }
  return behaviour;
}
