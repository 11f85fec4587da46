import type { EventTypeDefinition, JsonSchema } from '@keel/events';
import type { ParameterObject, PathItemObject, SchemaObject } from '@nestjs/swagger';
import { WEBHOOK_MAX_ATTEMPTS } from './webhook-retry-schedule';
import { WEBHOOK_USER_AGENT } from './outbound/webhook-sender';

/** The Standard Webhooks headers every attempt carries, as a receiver reads them. */
const SIGNATURE_HEADERS: ParameterObject[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description:
      "The message's id: `msg_` and the delivery's id, the same on every attempt of a delivery. " +
      "Deduplicate on it (delivery is at least once); to act once per event, key on the body's `id` instead.",
    schema: { type: 'string', example: 'msg_0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description:
      'When this attempt was made, in whole seconds since the Unix epoch. Refuse one too far from your clock ' +
      '(the Standard Webhooks libraries allow 5 minutes) to stop replays.',
    schema: { type: 'string', pattern: '^[0-9]+$', example: '1796034005' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the endpoint's " +
      'secret (the base64 after `whsec_`); during a secret rotation two signatures, space-separated. Verify it with a ' +
      'Standard Webhooks library (`standardwebhooks` on npm) on the raw body.',
    schema: { type: 'string', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' },
  },
  {
    name: 'user-agent',
    in: 'header',
    required: true,
    description: `\`${WEBHOOK_USER_AGENT}\`.`,
    schema: { type: 'string', example: WEBHOOK_USER_AGENT },
  },
];

const UUID: JsonSchema = { type: 'string', format: 'uuid' };

/** The body of a webhook of this type: the domain event, its `data` shaped by the catalog's JSON Schema. */
function eventBodySchema(definition: EventTypeDefinition): JsonSchema {
  return {
    type: 'object',
    required: [
      'id',
      'workspaceId',
      'type',
      'version',
      'occurredAt',
      'actor',
      'data',
      'traceparent',
      'causationId',
      'depth',
    ],
    properties: {
      id: { ...UUID, description: "The event's id (UUIDv7), the same in every message that carries this event." },
      workspaceId: UUID,
      type: { type: 'string', const: definition.type },
      version: { type: 'integer', const: definition.version },
      occurredAt: { type: 'string', format: 'date-time' },
      actor: {
        description: 'Who caused the event; null when Keel did on its own.',
        anyOf: [
          {
            type: 'object',
            required: ['type', 'id'],
            properties: { type: { type: 'string', description: '`user`, `api-key` or `automation`.' }, id: UUID },
          },
          { type: 'null' },
        ],
      },
      // A copy: the document is post-processed in place, and the catalog validates events with its own.
      data: structuredClone(definition.schema),
      traceparent: { type: ['string', 'null'], description: 'The W3C trace context of the change, to follow it.' },
      causationId: { ...UUID, type: ['string', 'null'], description: 'The event whose handling caused this one.' },
      depth: {
        type: 'integer',
        minimum: 0,
        description: '0 for a change a person or key made; one more per automation hop.',
      },
    },
  };
}

function describeWebhook(definition: EventTypeDefinition): PathItemObject {
  const audience =
    definition.published === false
      ? 'Sent only to the endpoint it is asked for; in no event feed, and no rule sees it.'
      : 'Sent to every enabled endpoint subscribed to this type (or to `*`), and by rules with a `send_webhook` action.';
  return {
    post: {
      summary: definition.description,
      description: `${audience} Version ${definition.version}: a change that is not backwards compatible comes as a new version.`,
      parameters: SIGNATURE_HEADERS,
      requestBody: {
        required: true,
        // OpenAPI 3.1 schemas are JSON Schema 2020-12, as the catalog's are; @nestjs/swagger's type is 3.0's subset.
        content: { 'application/json': { schema: eventBodySchema(definition) as SchemaObject } },
      },
      responses: {
        '2XX': {
          description:
            'Received: the delivery is done. Answer quickly (within 10 s by default) and do the work afterwards.',
        },
        default: {
          description:
            `Any other status (a redirect included: none is followed), a timeout or a refused connection is a failed ` +
            `attempt: it is retried, up to ${WEBHOOK_MAX_ATTEMPTS} attempts over about a day and a half, with the ` +
            'same webhook-id and body.',
        },
      },
    },
  };
}

/**
 * The OpenAPI 3.1 `webhooks` of the API reference: one entry per type in the
 * event catalog, named for it, describing the signed POST Keel sends a
 * receiver. Built from the catalog's JSON Schemas, so a type added to the
 * catalog is documented without a line here.
 */
export function describeWebhooks(eventTypes: readonly EventTypeDefinition[]): Record<string, PathItemObject> {
  return Object.fromEntries(eventTypes.map((definition) => [definition.type, describeWebhook(definition)]));
}
