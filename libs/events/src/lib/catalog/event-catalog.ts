import { Injectable } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { EventTypeDefinition } from './event-type-definition';

interface RegisteredType {
  definition: EventTypeDefinition;
  validate: ValidateFunction;
}

/**
 * The typed, versioned catalog of domain events. Each context registers the
 * types it publishes (at module init); the outbox refuses to publish a type
 * that is not here or data that does not match its schema, so the catalog a
 * subscriber reads is the truth.
 */
@Injectable()
export class EventCatalog {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  private readonly types = new Map<string, RegisteredType>();

  register(...definitions: EventTypeDefinition[]): void {
    for (const definition of definitions) {
      if (this.types.has(definition.type)) throw new Error(`The event type ${definition.type} is registered twice.`);
      this.types.set(definition.type, { definition, validate: this.ajv.compile(definition.schema) });
    }
  }

  /** Every registered type, by name. */
  list(): EventTypeDefinition[] {
    return [...this.types.values()].map((type) => type.definition).sort((a, b) => a.type.localeCompare(b.type));
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  get(type: string): EventTypeDefinition | undefined {
    return this.types.get(type)?.definition;
  }

  /** Throws (a programming error) when `type` is unknown, at another version, or `data` does not match its schema. */
  assertValid(type: string, version: number, data: unknown): void {
    const registered = this.types.get(type);
    if (!registered) throw new Error(`The event type ${type} is not in the event catalog.`);
    if (registered.definition.version !== version) {
      throw new Error(`The event type ${type} is at version ${registered.definition.version}, not ${version}.`);
    }
    if (!registered.validate(data)) {
      throw new Error(
        `The data of a ${type} event does not match its schema: ${this.ajv.errorsText(registered.validate.errors)}`,
      );
    }
  }
}
