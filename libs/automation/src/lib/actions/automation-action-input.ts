import type { DomainEvent } from '@keel/events';

/** The job type that carries automation actions. */
export const AUTOMATION_ACTION_JOB = 'automation.action';

/** A job run's input for one action of one run. */
export interface AutomationActionInput {
  runActionId: string;
  runId: string;
  ruleId: string;
  event: DomainEvent;
}
