import { EventTypeDefinition } from '../event-type-definition';

export class EventTypeResponse {
  /** @example "project.transitioned" */
  type: string;
  /** @example 1 */
  version: number;
  /** @example "A project moved to another state of its workflow." */
  description: string;
  /** JSON Schema of the event's `data`. @example {"type":"object","required":["project"]} */
  schema: Record<string, unknown>;

  static of(definition: EventTypeDefinition): EventTypeResponse {
    return { ...definition };
  }
}

export class EventTypeListResponse {
  data: EventTypeResponse[];
}
