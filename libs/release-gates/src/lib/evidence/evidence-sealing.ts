import type { SealedColumn } from '@keel/platform-crypto';

/** Binds an item's sealed bytes to the item: copied onto another row, they no longer open. */
export function evidenceAssociatedData(workspaceId: string, itemId: string): string {
  return `evidence_item:${workspaceId}:${itemId}`;
}

/**
 * `evidence_items.content_sealed`, for `crypto:rotate` (which reaches it
 * through the table's keel_owner policy). Evidence is sealed whatever its
 * type: a secret scanner's SARIF carries the secrets it found.
 */
export const evidenceSealedColumn: SealedColumn = {
  table: 'evidence_items',
  idColumns: ['workspace_id', 'id'],
  column: 'content_sealed',
  associatedData: (row) => evidenceAssociatedData(row['workspace_id'], row['id']),
};
