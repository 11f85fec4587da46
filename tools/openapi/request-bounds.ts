/**
 * What a client may send without a stated bound, per the committed OpenAPI
 * document: every string of a parameter or request body needs `maxLength`
 * (or `enum` / `const`), every array `maxItems`, every integer `minimum` and
 * `maximum` — the OWASP API Security rules on resource consumption (API4),
 * applied to what the server reads. Uploaded files (`format: binary`) are
 * bounded by their byte limits instead (413).
 */
type Json = Record<string, unknown>;

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function isType(schema: Json, type: string): boolean {
  const declared = schema['type'];
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}

function unboundedIn(schema: unknown, at: string, components: Json, seen: Set<string>, found: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Json;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() as string;
    if (seen.has(name)) return;
    seen.add(name);
    unboundedIn(components[name], `#/components/schemas/${name}`, components, seen, found);
    return;
  }
  const fixed = node['enum'] !== undefined || node['const'] !== undefined;
  if (isType(node, 'string') && !fixed && node['maxLength'] === undefined && node['format'] !== 'binary') {
    found.push(`${at}: a string without maxLength`);
  }
  if (isType(node, 'array') && node['maxItems'] === undefined) found.push(`${at}: an array without maxItems`);
  if (isType(node, 'integer') && !fixed && (node['minimum'] === undefined || node['maximum'] === undefined)) {
    found.push(`${at}: an integer without minimum and maximum`);
  }
  for (const key of ['items', 'additionalProperties', 'not'])
    unboundedIn(node[key], `${at}.${key}`, components, seen, found);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const list = node[key];
    if (Array.isArray(list))
      list.forEach((item, index) => unboundedIn(item, `${at}.${key}[${index}]`, components, seen, found));
  }
  const properties = node['properties'];
  if (properties && typeof properties === 'object') {
    for (const [name, property] of Object.entries(properties as Json)) {
      unboundedIn(property, `${at}.${name}`, components, seen, found);
    }
  }
}

/** Each unbounded input of the document, as `METHOD path (where): what`; empty when all are bounded. */
export function unboundedRequestInputs(document: Json): string[] {
  const components = ((document['components'] as Json | undefined)?.['schemas'] ?? {}) as Json;
  const found: string[] = [];
  for (const [path, item] of Object.entries((document['paths'] ?? {}) as Record<string, Json>)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const label = `${method.toUpperCase()} ${path}`;
      for (const parameter of (operation['parameters'] ?? []) as Json[]) {
        const inOperation: string[] = [];
        unboundedIn(parameter['schema'], `${parameter['in']} ${parameter['name']}`, components, new Set(), inOperation);
        found.push(...inOperation.map((line) => `${label} (${line})`));
      }
      const content = ((operation['requestBody'] as Json | undefined)?.['content'] ?? {}) as Record<string, Json>;
      for (const [mediaType, body] of Object.entries(content)) {
        const inBody: string[] = [];
        unboundedIn(body['schema'], mediaType, components, new Set(), inBody);
        found.push(...inBody.map((line) => `${label} (${line})`));
      }
    }
  }
  return [...new Set(found)];
}
