import type { OpenAPIObject } from '@nestjs/swagger';
import { TIMESTAMP_MAX_LENGTH } from '@keel/platform-errors';

/**
 * The length a string's format already fixes: a UUID is 36 characters (IsUUID
 * refuses any other, and Keel's ids are UUIDs), and a date-time is at most
 * what IsTimestamp accepts (Keel writes 24: `toISOString()`).
 */
const FORMAT_MAX_LENGTH: Record<string, number> = {
  uuid: 36,
  'date-time': TIMESTAMP_MAX_LENGTH,
};

function isStringSchema(node: Record<string, unknown>): boolean {
  const type = node['type'];
  return type === 'string' || (Array.isArray(type) && type.includes('string'));
}

function bound(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) bound(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const format = schema['format'];
  if (
    typeof format === 'string' &&
    format in FORMAT_MAX_LENGTH &&
    isStringSchema(schema) &&
    schema['maxLength'] === undefined
  ) {
    schema['maxLength'] = FORMAT_MAX_LENGTH[format];
  }
  for (const [key, value] of Object.entries(schema)) {
    // Examples are values, not schemas: a `format` key inside one is data.
    if (key !== 'example' && key !== 'examples') bound(value);
  }
}

/**
 * States the bound of every `uuid` and `date-time` string in the document
 * (parameters, bodies, responses, webhooks) that does not state its own, so
 * readers and API linters see the limit the format implies.
 */
export function boundFormattedStrings(document: OpenAPIObject): void {
  bound(document.paths);
  bound(document.components);
  bound((document as OpenAPIObject & { webhooks?: unknown }).webhooks);
}
