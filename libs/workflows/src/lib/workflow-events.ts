/**
 * The domain events of the workflows context, each at version 1 of its data
 * shape. Project events carry the project as it is after the change (the
 * ProjectResponse shape), so a subscriber needs no read-back.
 */
export const WORKFLOW_EVENT_TYPES = [
  'project.created',
  'project.updated',
  'project.transitioned',
  'project.archived',
  'project.restored',
  'project.moved',
  'comment.created',
] as const;
export type WorkflowEventType = (typeof WORKFLOW_EVENT_TYPES)[number];

export const WORKFLOW_EVENT_VERSION = 1;
