import type { WorkflowVersion } from '../definitions/workflow-version.entity';

/** What publishing a draft did. */
export interface PublishOutcome {
  /** The published version, now active. */
  version: WorkflowVersion;
  /** How many projects changed state. */
  movedProjects: number;
}
