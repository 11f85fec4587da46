import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed value to its secret: copied onto another row, it no longer opens. */
export function workspaceSecretAssociatedData(secretId: string): string {
  return `workspace_secret:${secretId}`;
}

/** `workspace_secrets.value_sealed`, for `crypto:rotate` (which reaches it through the table's keel_owner policy). */
export const workspaceSecretSealedColumn: SealedColumn = {
  table: 'workspace_secrets',
  idColumns: ['workspace_id', 'id'],
  column: 'value_sealed',
  associatedData: (row) => workspaceSecretAssociatedData(row['id']),
};
