import type { EventTypeDefinition, JsonSchema } from '@keel/events';

export const RELEASE_GATES_EVENT_VERSION = 1;

const actor: JsonSchema = {
  type: ['object', 'null'],
  required: ['type', 'id'],
  properties: { type: { type: 'string' }, id: { type: 'string' } },
};

const release: JsonSchema = {
  type: 'object',
  required: ['id', 'product', 'version', 'commit', 'artifacts', 'createdAt', 'createdBy'],
  properties: {
    id: { type: 'string' },
    product: { type: 'string' },
    version: { type: 'string' },
    commit: { type: ['string', 'null'] },
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['platform', 'digest'],
        properties: { platform: { type: 'string' }, digest: { type: 'string' } },
      },
    },
    createdAt: { type: 'string' },
    createdBy: actor,
  },
};

const releaseRef: JsonSchema = {
  type: 'object',
  required: ['id', 'product', 'version'],
  properties: { id: { type: 'string' }, product: { type: 'string' }, version: { type: 'string' } },
};

const gateRef: JsonSchema = {
  type: 'object',
  required: ['id', 'key', 'version', 'contentHash'],
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    version: { type: 'integer' },
    contentHash: { type: 'string' },
  },
};

const waiver: JsonSchema = {
  type: 'object',
  required: ['id', 'releaseId', 'gateId', 'criterion', 'reason', 'expiresAt', 'status', 'requestedBy', 'decidedBy'],
  properties: {
    id: { type: 'string' },
    releaseId: { type: 'string' },
    gateId: { type: 'string' },
    criterion: { type: 'string' },
    reason: { type: 'string' },
    expiresAt: { type: 'string' },
    status: { enum: ['pending', 'approved', 'rejected'] },
    requestedBy: actor,
    decidedBy: actor,
  },
};

const promotion: JsonSchema = {
  type: 'object',
  required: ['id', 'release', 'stage', 'allowed', 'gates'],
  properties: {
    id: { type: 'string' },
    release: releaseRef,
    stage: { type: 'string' },
    allowed: { type: 'boolean' },
    gates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['gateId', 'key', 'version', 'evaluationId', 'verdict', 'met', 'reason'],
        properties: {
          gateId: { type: 'string' },
          key: { type: 'string' },
          version: { type: 'integer' },
          evaluationId: { type: ['string', 'null'] },
          verdict: { type: ['string', 'null'] },
          met: { type: 'boolean' },
          reason: { type: 'string' },
        },
      },
    },
  },
};

function event(type: string, description: string, schema: JsonSchema): EventTypeDefinition {
  return { type, version: RELEASE_GATES_EVENT_VERSION, description, schema };
}

/** The catalog entries of the release-gates context's events. */
export const RELEASE_GATES_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  event('release.created', 'A release candidate was registered with its artifacts.', {
    type: 'object',
    required: ['release'],
    properties: { release },
  }),
  event(
    'gate.evaluated',
    'A release was evaluated against a gate: the verdict, its score and the signed evaluation id.',
    {
      type: 'object',
      required: ['evaluationId', 'release', 'gate', 'verdict', 'score'],
      properties: {
        evaluationId: { type: 'string' },
        release: releaseRef,
        gate: gateRef,
        verdict: { enum: ['pass', 'warn', 'fail', 'incomplete'] },
        score: { type: 'number' },
      },
    },
  ),
  event(
    'waiver.requested',
    "A waiver of one gate criterion was requested for a release; it waits for someone else's decision.",
    {
      type: 'object',
      required: ['waiver'],
      properties: { waiver },
    },
  ),
  event('waiver.decided', 'A waiver was approved or rejected.', {
    type: 'object',
    required: ['waiver'],
    properties: { waiver },
  }),
  event('release.promoted', 'A release was promoted to a stage: every gate required for it passed.', {
    type: 'object',
    required: ['promotion'],
    properties: { promotion },
  }),
  event('promotion.denied', 'A promotion was refused; `gates` says which required gate was unmet and why.', {
    type: 'object',
    required: ['promotion'],
    properties: { promotion },
  }),
];
