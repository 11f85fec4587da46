import type { EventTypeDefinition } from '@keel/events';

export const WEBHOOK_ENDPOINT_DISABLED = 'webhook_endpoint.disabled';
export const WEBHOOK_ENDPOINT_TESTED = 'webhook_endpoint.tested';
export const WEBHOOK_EVENT_VERSION = 1;

/** The catalog entries of the webhooks' own events. */
export const WEBHOOK_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: WEBHOOK_ENDPOINT_DISABLED,
    version: WEBHOOK_EVENT_VERSION,
    description:
      'Keel disabled a webhook endpoint whose deliveries had failed for 5 days without a success; `lastAttempt` is the failure that tipped it.',
    schema: {
      type: 'object',
      required: ['endpoint', 'lastAttempt'],
      properties: {
        endpoint: {
          type: 'object',
          required: [
            'id',
            'url',
            'eventTypes',
            'enabled',
            'description',
            'failingSince',
            'disabledAt',
            'disabledReason',
            'createdAt',
            'updatedAt',
          ],
          properties: {
            id: { type: 'string' },
            url: { type: 'string' },
            eventTypes: { type: 'array', items: { type: 'string' } },
            enabled: { type: 'boolean' },
            description: { type: 'string' },
            failingSince: { type: ['string', 'null'] },
            disabledAt: { type: ['string', 'null'] },
            disabledReason: { type: ['string', 'null'] },
            previousSecretExpiresAt: { type: ['string', 'null'] },
            createdAt: { type: 'string' },
            updatedAt: { type: 'string' },
          },
        },
        lastAttempt: {
          type: 'object',
          required: ['deliveryId', 'number', 'outcome', 'statusCode', 'error', 'attemptedAt'],
          properties: {
            deliveryId: { type: 'string' },
            number: { type: 'integer' },
            outcome: { type: 'string' },
            statusCode: { type: ['integer', 'null'] },
            error: { type: ['string', 'null'] },
            attemptedAt: { type: 'string' },
          },
        },
      },
    },
  },
  {
    type: WEBHOOK_ENDPOINT_TESTED,
    version: WEBHOOK_EVENT_VERSION,
    published: false,
    description:
      'A test message, sent to one endpoint only when someone asks for it (POST …/webhook-endpoints/{endpointId}/test); it is in no event feed and reaches no other endpoint or rule.',
    schema: {
      type: 'object',
      required: ['endpointId', 'message'],
      properties: { endpointId: { type: 'string' }, message: { type: 'string' } },
    },
  },
];
