/** A JSON Schema (draft 2020-12 subset that Ajv understands) describing an event type's `data`. */
export type JsonSchema = Record<string, unknown>;

/** One type of domain event, at one version of its data shape. */
export interface EventTypeDefinition {
  /** `<aggregate>.<past-tense verb>`, e.g. `project.transitioned`. */
  type: string;
  /** Grows when `data` changes incompatibly; consumers read it from every event. */
  version: number;
  description: string;
  /** The shape of `data`. */
  schema: JsonSchema;
  /**
   * False for a message never written to the outbox (a webhook endpoint's test
   * message, sent to that endpoint alone): no rule or consumer ever sees one,
   * so a rule listening to it is refused rather than saved to never fire.
   */
  published?: false;
}
