import { isTimestamp } from '@keel/platform-errors';

/** Why one event of a batch was refused: the batch goes on without it. */
export type UsageEventRejection =
  'INVALID_EVENT' | 'TIMESTAMP_TOO_OLD' | 'TIMESTAMP_IN_FUTURE' | 'PERIOD_CLOSED' | 'ENTITLEMENT_EXCEEDED';

export interface RejectedEvent {
  index: number;
  code: UsageEventRejection;
  message: string;
}

/** A well-formed usage event, ready to store. */
export interface CheckedEvent {
  index: number;
  id: string;
  type: string;
  occurredAt: Date;
  value: number | null;
  properties: Record<string, unknown> | null;
}

export const DEDUPE_WINDOW_MS = 35 * 86_400_000;
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const ID = /^[\x21-\x7e]{1,128}$/;
const TYPE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_PROPERTIES_CHARS = 4096;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One event checked on its own; `now` fixes the window for the whole batch. */
export function checkUsageEvent(raw: unknown, index: number, now: number): CheckedEvent | RejectedEvent {
  const invalid = (message: string): RejectedEvent => ({ index, code: 'INVALID_EVENT', message });
  if (!isPlainObject(raw)) return invalid('an event is an object {id, type, timestamp, value?, properties?}');
  const unknownFields = Object.keys(raw).filter(
    (key) => !['id', 'type', 'timestamp', 'value', 'properties'].includes(key),
  );
  if (unknownFields.length > 0) return invalid(`unknown field ${unknownFields[0]}`);
  const { id, type, timestamp, value, properties } = raw;
  if (typeof id !== 'string' || !ID.test(id)) return invalid('id must be 1 to 128 printable ASCII characters');
  if (typeof type !== 'string' || !TYPE.test(type))
    return invalid('type must be letters, digits, ".", "_" or "-", up to 64');
  if (!isTimestamp(timestamp)) return invalid('timestamp must be an RFC 3339 date-time with a time zone');
  if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
    return invalid('value must be a finite number');
  }
  if (properties !== undefined && properties !== null) {
    if (!isPlainObject(properties)) return invalid('properties must be an object');
    if (JSON.stringify(properties).length > MAX_PROPERTIES_CHARS) {
      return invalid(`properties must be at most ${MAX_PROPERTIES_CHARS} characters of JSON`);
    }
  }
  const occurredAt = new Date(timestamp);
  if (occurredAt.getTime() < now - DEDUPE_WINDOW_MS) {
    return { index, code: 'TIMESTAMP_TOO_OLD', message: 'timestamp is more than 35 days old' };
  }
  if (occurredAt.getTime() > now + FUTURE_TOLERANCE_MS) {
    return { index, code: 'TIMESTAMP_IN_FUTURE', message: 'timestamp is more than 5 minutes ahead' };
  }
  return {
    index,
    id,
    type,
    occurredAt,
    value: typeof value === 'number' ? value : null,
    properties: isPlainObject(properties) ? properties : null,
  };
}

export function isRejected(result: CheckedEvent | RejectedEvent): result is RejectedEvent {
  return 'code' in result;
}
