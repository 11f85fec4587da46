type JsonRecord = Record<string, unknown>;

const OPERATION_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(value: unknown, key: string): JsonRecord {
  const member = isRecord(value) ? value[key] : undefined;
  return isRecord(member) ? member : {};
}

/** Key order does not change meaning; comparing canonical text tells content changes from reordering. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Changes {
  added: string[];
  removed: string[];
  changed: string[];
}

function compareEntries(before: JsonRecord, after: JsonRecord): Changes {
  const changes: Changes = { added: [], removed: [], changed: [] };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(key in before)) changes.added.push(key);
    else if (!(key in after)) changes.removed.push(key);
    else if (canonical(before[key]) !== canonical(after[key])) changes.changed.push(key);
  }
  return changes;
}

/** `GET /health/ready` for operations, `/path parameters` for the other members of a path item. */
function operations(document: unknown): JsonRecord {
  const flat: JsonRecord = {};
  for (const [path, item] of Object.entries(recordAt(document, 'paths'))) {
    if (!isRecord(item)) continue;
    for (const [key, value] of Object.entries(item)) {
      flat[OPERATION_METHODS.has(key) ? `${key.toUpperCase()} ${path}` : `${path} ${key}`] = value;
    }
  }
  return flat;
}

/** Everything outside paths, webhooks and components.schemas, by dotted name (`info`, `components.responses`). */
function otherSections(document: unknown): JsonRecord {
  const sections: JsonRecord = {};
  if (!isRecord(document)) return sections;
  for (const [key, value] of Object.entries(document)) {
    if (key !== 'paths' && key !== 'webhooks' && key !== 'components') sections[key] = value;
  }
  for (const [key, value] of Object.entries(recordAt(document, 'components'))) {
    if (key !== 'schemas') sections[`components.${key}`] = value;
  }
  return sections;
}

function describe(label: string, changes: Changes): string[] {
  return (['added', 'removed', 'changed'] as const)
    .filter((kind) => changes[kind].length > 0)
    .map((kind) => `${`${label} ${kind}:`.padEnd(20)} ${changes[kind].join(', ')}`);
}

/**
 * A short account of how the committed document differs from the served one:
 * which operations, schemas, webhooks and other sections. Empty when the texts are equal.
 */
export function describeDocumentDifferences(committedText: string | undefined, servedText: string): string[] {
  if (committedText === servedText) return [];
  if (committedText === undefined) return ['the committed file does not exist'];
  let committed: unknown;
  try {
    committed = JSON.parse(committedText);
  } catch {
    return ['the committed file is not valid JSON'];
  }
  const served: unknown = JSON.parse(servedText);
  const lines = [
    ...describe('operations', compareEntries(operations(committed), operations(served))),
    ...describe(
      'schemas',
      compareEntries(
        recordAt(recordAt(committed, 'components'), 'schemas'),
        recordAt(recordAt(served, 'components'), 'schemas'),
      ),
    ),
    // One per event type of the catalog: a type added there shows here by name.
    ...describe('webhooks', compareEntries(recordAt(committed, 'webhooks'), recordAt(served, 'webhooks'))),
    ...describe('sections', compareEntries(otherSections(committed), otherSections(served))),
  ];
  return lines.length > 0 ? lines : ['same content, but formatting or key order differs'];
}
