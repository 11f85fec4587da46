import { WorkflowDefinition } from './workflow-definition';

/**
 * The workflow every new workspace starts with: plan, start, review, finish,
 * with cancel from anywhere open and reopen from anywhere closed.
 */
export const DEFAULT_WORKFLOW: WorkflowDefinition = {
  states: [
    { name: 'Backlog', category: 'todo' },
    { name: 'Planned', category: 'todo' },
    { name: 'In progress', category: 'in_progress' },
    { name: 'In review', category: 'in_progress' },
    { name: 'Done', category: 'done' },
    { name: 'Cancelled', category: 'cancelled' },
  ],
  transitions: [
    { name: 'Plan', from: ['Backlog'], to: 'Planned' },
    { name: 'Start', from: ['Backlog', 'Planned'], to: 'In progress' },
    { name: 'Submit for review', from: ['In progress'], to: 'In review' },
    { name: 'Request changes', from: ['In review'], to: 'In progress' },
    { name: 'Complete', from: ['In progress', 'In review'], to: 'Done' },
    { name: 'Cancel', from: ['Backlog', 'Planned', 'In progress', 'In review'], to: 'Cancelled' },
    { name: 'Reopen', from: ['Done', 'Cancelled'], to: 'Backlog' },
    { name: 'Back to backlog', from: ['Planned'], to: 'Backlog' },
  ],
  initialState: 'Backlog',
};
