import type { EventTypeDefinition, JsonSchema } from '@keel/events';
import { WORKFLOW_EVENT_VERSION } from './workflow-events';

const actor: JsonSchema = {
  type: ['object', 'null'],
  required: ['type', 'id'],
  properties: { type: { type: 'string' }, id: { type: 'string' } },
};

/** The project as the API shows it, after the change. */
const project: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'key',
    'name',
    'description',
    'state',
    'stateCategory',
    'workflowVersion',
    'version',
    'createdBy',
    'createdAt',
    'updatedAt',
    'archivedAt',
  ],
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    state: { type: 'string' },
    stateCategory: { enum: ['todo', 'in_progress', 'done', 'cancelled'] },
    workflowVersion: { type: 'integer' },
    version: { type: 'integer' },
    createdBy: actor,
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    archivedAt: { type: ['string', 'null'] },
  },
};

const change: JsonSchema = {
  type: 'object',
  required: ['from', 'to'],
  properties: { from: { type: 'string' }, to: { type: 'string' } },
};

function projectEvent(type: string, description: string, extra: Record<string, JsonSchema> = {}): EventTypeDefinition {
  return {
    type,
    version: WORKFLOW_EVENT_VERSION,
    description,
    schema: {
      type: 'object',
      required: ['project', ...Object.keys(extra)],
      properties: { project, ...extra },
    },
  };
}

/** The catalog entries of the workflows context's events. */
export const WORKFLOW_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  projectEvent('project.created', 'A project was created, in the initial state of the active workflow.'),
  projectEvent('project.updated', 'A project was renamed or re-described; `changes` holds each changed field.', {
    changes: {
      type: 'object',
      properties: { name: change, description: change },
      additionalProperties: false,
    },
  }),
  projectEvent('project.transitioned', 'A project moved to another state through a workflow transition.', {
    transition: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    fromCategory: { type: 'string' },
    toCategory: { type: 'string' },
    comment: { type: ['string', 'null'] },
  }),
  projectEvent(
    'project.moved',
    'A project moved to another state because a published workflow version dropped its state (the stateMapping of the publish).',
    {
      from: { type: 'string' },
      to: { type: 'string' },
      toCategory: { type: 'string' },
      fromWorkflowVersion: { type: ['integer', 'null'] },
      toWorkflowVersion: { type: 'integer' },
    },
  ),
  projectEvent('project.archived', 'A project was archived.'),
  projectEvent('project.restored', 'An archived project was restored.'),
  {
    type: 'comment.created',
    version: WORKFLOW_EVENT_VERSION,
    description: 'Someone commented on a project.',
    schema: {
      type: 'object',
      required: ['comment', 'project'],
      properties: {
        comment: {
          type: 'object',
          required: ['id', 'projectId', 'author', 'body', 'createdAt', 'updatedAt'],
          properties: {
            id: { type: 'string' },
            projectId: { type: 'string' },
            author: actor,
            body: { type: 'string' },
            createdAt: { type: 'string' },
            updatedAt: { type: 'string' },
          },
        },
        project: {
          type: 'object',
          required: ['id', 'key', 'name'],
          properties: { id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' } },
        },
      },
    },
  },
];
