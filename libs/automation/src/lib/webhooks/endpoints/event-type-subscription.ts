import type { FieldError } from '@keel/platform-errors';

/** The one entry that subscribes an endpoint to every event type, present and future. */
export const ALL_EVENT_TYPES = '*';

/**
 * What is wrong with an endpoint's `eventTypes`, as field errors (none when it
 * is fine): each entry must be a type the catalog knows, or the list must be
 * exactly `["*"]`.
 */
export function eventTypeErrors(eventTypes: readonly string[], isKnown: (type: string) => boolean): FieldError[] {
  return eventTypes.flatMap((type, index): FieldError[] => {
    const field = `eventTypes[${index}]`;
    if (type === ALL_EVENT_TYPES) {
      return eventTypes.length === 1
        ? []
        : [{ field, rule: 'allEventTypes', message: '"*" already means every event type: send ["*"] alone' }];
    }
    return isKnown(type)
      ? []
      : [{ field, rule: 'eventType', message: `"${type}" is not in the event catalog (GET /v1/event-types)` }];
  });
}
