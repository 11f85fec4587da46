import type { EventTypeDefinition, JsonSchema } from '@keel/events';

export const AI_TOOLS_EVENT_VERSION = 1;

const actor: JsonSchema = {
  type: ['object', 'null'],
  required: ['type', 'id'],
  properties: { type: { type: 'string' }, id: { type: 'string' } },
};

const approval: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'executionId',
    'step',
    'tool',
    'toolVersion',
    'inputSha256',
    'policyVersion',
    'status',
    'requestedBy',
    'expiresAt',
  ],
  properties: {
    id: { type: 'string' },
    executionId: { type: 'string' },
    step: { type: 'integer' },
    tool: { type: 'string' },
    toolVersion: { type: 'string' },
    inputSha256: { type: 'string' },
    policyVersion: { type: 'integer' },
    status: { enum: ['pending', 'approved', 'rejected', 'expired'] },
    requestedBy: actor,
    decidedBy: actor,
    expiresAt: { type: 'string' },
  },
};

export const AI_TOOLS_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: 'ai.approval.requested',
    version: AI_TOOLS_EVENT_VERSION,
    description:
      'A tool call was held for approval by a require_approval rule: its execution waits until someone with ai:approve (not the requester) decides.',
    schema: { type: 'object', required: ['approval'], properties: { approval } },
  },
  {
    type: 'ai.approval.decided',
    version: AI_TOOLS_EVENT_VERSION,
    description: 'A held tool call was approved or rejected; its execution resumed.',
    schema: { type: 'object', required: ['approval'], properties: { approval } },
  },
];
