import { createHash } from 'node:crypto';
import { WorkflowDefinition } from './workflow-definition';

/**
 * `sha256:<hex>` of the definition in a canonical JSON form (object keys
 * sorted, array order kept), so equal content gives an equal hash whatever
 * order a client wrote the keys in.
 */
export function contentHash(definition: WorkflowDefinition): string {
  return `sha256:${createHash('sha256').update(canonicalJson(definition)).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
