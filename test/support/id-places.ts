import {
  ApiOperation,
  OpenApiDocument,
  pathPlaceholders,
  requestBodySchema,
  resolveSchema,
  SchemaObject,
} from './openapi-document';

/** A step into a JSON body: a property, or the first item of an array. */
export type BodyStep = string | 0;

/**
 * Somewhere a request can carry an object's id, found in the operation's
 * schemas: a path placeholder; a query parameter that is a uuid, names an id
 * or is a cursor (which carries the ids it pages after); a body field at any
 * depth that is a uuid or whose name ends in `Id`/`Ids`.
 */
export type IdPlace =
  | { in: 'path'; name: string; label: string }
  | { in: 'query'; name: string; kind: 'id' | 'cursor'; label: string }
  | {
      in: 'body';
      /** The field's name (an `…Ids` field holds a list of ids). */
      name: string;
      /** From the body's root to the field. */
      pointer: BodyStep[];
      /** The object schema the field belongs to. */
      parent: SchemaObject;
      label: string;
    };

/** A field that names objects by id, judged by its schema and name alone. */
export function isIdField(name: string, schema: SchemaObject): boolean {
  return schema.format === 'uuid' || /Ids?$/.test(name) || schema.items?.format === 'uuid';
}

function bodyPlaces(
  document: OpenApiDocument,
  schema: SchemaObject,
  pointer: BodyStep[],
  seen: ReadonlySet<string>,
): Extract<IdPlace, { in: 'body' }>[] {
  const places: Extract<IdPlace, { in: 'body' }>[] = [];
  for (const [name, declared] of Object.entries(schema.properties ?? {})) {
    // A schema that contains itself (a tree) is walked once per branch.
    if (declared.$ref && seen.has(declared.$ref)) continue;
    const inner = new Set(seen);
    if (declared.$ref) inner.add(declared.$ref);
    const property = resolveSchema(document, declared);
    const at = [...pointer, name];
    if (isIdField(name, property)) {
      places.push({ in: 'body', name, pointer: at, parent: schema, label: `body ${at.join('.')}` });
    } else if (property.properties) {
      places.push(...bodyPlaces(document, property, at, inner));
    } else if (property.items) {
      const item = resolveSchema(document, property.items);
      if (property.items.$ref) inner.add(property.items.$ref);
      if (item.properties) places.push(...bodyPlaces(document, item, [...at, 0], inner));
    }
  }
  return places;
}

/** Every place `operation` can carry an id, the workspace's own id excepted. */
export function idPlacesOf(document: OpenApiDocument, operation: ApiOperation): IdPlace[] {
  const places: IdPlace[] = pathPlaceholders(operation.path)
    // A placeholder not named `…Id` is a name every workspace shares (a plan feature), not an object's id.
    .filter((name) => name !== 'workspaceId' && name.endsWith('Id'))
    .map((name) => ({ in: 'path', name, label: `path {${name}}` }));
  for (const parameter of operation.operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    const schema = parameter.schema ? resolveSchema(document, parameter.schema) : {};
    if (parameter.name === 'cursor') {
      places.push({ in: 'query', name: parameter.name, kind: 'cursor', label: `query ${parameter.name}` });
    } else if (isIdField(parameter.name, schema)) {
      places.push({ in: 'query', name: parameter.name, kind: 'id', label: `query ${parameter.name}` });
    }
  }
  const body = requestBodySchema(document, operation.operation);
  if (body) places.push(...bodyPlaces(document, body, [], new Set()));
  return places;
}

/** Whether `body` already holds a value where `pointer` leads. */
export function holdsAt(body: unknown, pointer: readonly BodyStep[]): boolean {
  let value: unknown = body;
  for (const step of pointer) {
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Record<string | number, unknown>)[step];
    if (value === undefined) return false;
  }
  return true;
}

/** A copy of `body` with `value` where `pointer` leads, the objects and lists on the way made when missing. */
export function withValueAt(body: unknown, pointer: readonly BodyStep[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body ?? {}) as Record<string | number, unknown>;
  let container: Record<string | number, unknown> = copy;
  pointer.forEach((step, index) => {
    if (index === pointer.length - 1) {
      container[step] = value;
      return;
    }
    const next = pointer[index + 1];
    if (typeof container[step] !== 'object' || container[step] === null) container[step] = next === 0 ? [] : {};
    container = container[step] as Record<string | number, unknown>;
  });
  return copy as Record<string, unknown>;
}
