import { contentHash as canonicalContentHash } from '@keel/platform-crypto';
import { WorkflowDefinition } from './workflow-definition';

/** `sha256:<hex>` of the definition's canonical JSON (keys sorted), so key order never changes it. */
export function contentHash(definition: WorkflowDefinition): string {
  return canonicalContentHash(definition);
}
