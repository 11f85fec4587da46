import type { JsonSchema } from './ai-tool';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const projectId: JsonSchema = { type: 'string', pattern: UUID, description: 'The project id.' };
export const limit: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  description: 'How many items at most (default 50).',
};
export const cursor: JsonSchema = {
  type: 'string',
  maxLength: 2000,
  description: 'The nextCursor of the previous page.',
};

const actor: JsonSchema = {
  type: ['object', 'null'],
  required: ['type', 'id'],
  properties: { type: { type: 'string' }, id: { type: 'string' } },
};

export const project: JsonSchema = {
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
    stateCategory: { type: 'string' },
    workflowVersion: { type: 'integer' },
    version: { type: 'integer' },
    createdBy: actor,
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    archivedAt: { type: ['string', 'null'] },
  },
};

export const comment: JsonSchema = {
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
};

export const activityEntry: JsonSchema = {
  type: 'object',
  required: ['id', 'action', 'target', 'projectId', 'data', 'occurredAt'],
  properties: {
    id: { type: 'string' },
    action: { type: 'string' },
    actor,
    target: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } },
    projectId: { type: ['string', 'null'] },
    data: { type: 'object' },
    occurredAt: { type: 'string' },
  },
};

export const automationRule: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'enabled', 'trigger', 'actions', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    enabled: { type: 'boolean' },
    trigger: { type: 'object' },
    actions: { type: 'array', items: { type: 'object' } },
    createdBy: actor,
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};

/** `{data: [item], nextCursor}`, every list's page. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: { data: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  };
}

export const searchResult: JsonSchema = {
  type: 'object',
  required: ['mode', 'data'],
  properties: {
    mode: { enum: ['lexical', 'hybrid'] },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['documentId', 'chunkId', 'title', 'headingPath', 'page', 'snippet', 'score'],
        properties: {
          documentId: { type: 'string' },
          chunkId: { type: 'string' },
          title: { type: 'string' },
          headingPath: { type: 'array', items: { type: 'string' } },
          page: { type: ['integer', 'null'] },
          snippet: { type: 'string' },
          score: { type: 'number' },
        },
      },
    },
  },
};

export const usageSeries: JsonSchema = {
  type: 'object',
  required: ['meter', 'aggregation', 'granularity', 'from', 'to', 'groupBy', 'data'],
  properties: {
    meter: { type: 'string' },
    aggregation: { type: 'string' },
    granularity: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    groupBy: { type: ['string', 'null'] },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['start', 'group', 'value'],
        properties: { start: { type: 'string' }, group: { type: ['string', 'null'] }, value: { type: 'number' } },
      },
    },
  },
};
