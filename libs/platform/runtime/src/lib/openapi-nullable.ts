/**
 * @nestjs/swagger writes OpenAPI 3.0's `nullable: true` even in a 3.1
 * document, where it means nothing (3.1 is JSON Schema: null is a type). This
 * rewrites each such schema the 3.1 way — `type: ['string', 'null']`, or
 * `anyOf: [<schema>, {type: 'null'}]` around a reference — and gives a
 * nullable value without an example `null` as its example, so every field of
 * every response shows one.
 */
export function asOpenApi31Schemas(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) asOpenApi31Schemas(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) asOpenApi31Schemas(value);
  if (schema['nullable'] !== true) return;

  delete schema['nullable'];
  if (!('example' in schema)) schema['example'] = null;
  const references = schema['allOf'] ?? schema['$ref'];
  if (references === undefined && typeof schema['type'] === 'string') {
    schema['type'] = [schema['type'], 'null'];
    if (Array.isArray(schema['enum'])) schema['enum'] = [...schema['enum'], null];
    return;
  }
  // A reference (allOf or $ref): the value is that schema or null.
  const referenced: Record<string, unknown> = {};
  for (const key of ['allOf', '$ref', 'type']) {
    if (key in schema) {
      if (key !== 'type') referenced[key] = schema[key];
      delete schema[key];
    }
  }
  const allOf = referenced['allOf'];
  const target = Array.isArray(allOf) && allOf.length === 1 && !('$ref' in referenced) ? allOf[0] : referenced;
  schema['anyOf'] = [target, { type: 'null' }];
}
