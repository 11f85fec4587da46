export { WorkflowsModule } from './lib/workflows.module';
export { WorkflowsHttpModule } from './lib/workflows-http.module';
export { workflowsEntities, workflowsMigrations } from './lib/workflows-schema';
export { DEFAULT_WORKFLOW } from './lib/definitions/default-workflow';
export { STATE_CATEGORIES, ANY_STATE } from './lib/definitions/workflow-definition';
export type { StateCategory, WorkflowDefinition } from './lib/definitions/workflow-definition';
export { WORKFLOW_EVENT_VERSION } from './lib/workflow-events';
export type { WorkflowEventType } from './lib/workflow-events';
export { ProjectActions } from './lib/project-actions';
