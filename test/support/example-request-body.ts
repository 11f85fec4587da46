import { ApiOperation, OpenApiDocument, requestBodySchema, resolveSchema, SchemaObject } from './openapi-document';

/**
 * Supplies the value of a body property that an `example` cannot: an id that
 * must name a real object, the caller's own password. Undefined: use the example.
 */
export type BodyValueSource = (property: string, schema: SchemaObject) => unknown;

function exampleOf(schema: SchemaObject): unknown {
  if (schema.example !== undefined) return schema.example;
  return schema.examples?.[0];
}

function valueFor(
  document: OpenApiDocument,
  operation: ApiOperation,
  property: string,
  declared: SchemaObject,
  source: BodyValueSource,
): unknown {
  const schema = resolveSchema(document, declared);
  const supplied = source(property, schema);
  if (supplied !== undefined) return supplied;
  if (schema.format === 'uuid') {
    throw new Error(
      `${operation.label}: the body field "${property}" names an object, and the suite has no value source for it; ` +
        'add one, or the route cannot be exercised.',
    );
  }
  const example = exampleOf(schema);
  if (example !== undefined) return example;
  if (schema.type === 'object') return objectFor(document, operation, schema, source);
  if (schema.type === 'array' && schema.items) return [valueFor(document, operation, property, schema.items, source)];
  throw new Error(`${operation.label}: the body field "${property}" has no example in the OpenAPI document.`);
}

function objectFor(
  document: OpenApiDocument,
  operation: ApiOperation,
  schema: SchemaObject,
  source: BodyValueSource,
): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  // Required fields make a valid body; a body of optional fields only (an update) takes those that show an example.
  const chosen =
    required.length > 0
      ? required
      : Object.keys(properties).filter((name) => exampleOf(resolveSchema(document, properties[name])) !== undefined);
  const body: Record<string, unknown> = {};
  for (const name of chosen) {
    const property = properties[name];
    if (!property) throw new Error(`${operation.label}: the required body field "${name}" has no schema.`);
    body[name] = valueFor(document, operation, name, property, source);
  }
  return body;
}

/**
 * The JSON body a caller allowed to use `operation` would send with success,
 * built from the document: its required properties from their `example`s (or
 * `source`), or for a body without required properties, every one that has
 * an example. Undefined when the operation takes no body.
 */
export function exampleRequestBody(
  document: OpenApiDocument,
  operation: ApiOperation,
  source: BodyValueSource,
): Record<string, unknown> | undefined {
  const schema = requestBodySchema(document, operation.operation);
  return schema ? objectFor(document, operation, schema, source) : undefined;
}
