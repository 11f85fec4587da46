import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed signing secret to its endpoint: copied onto another row, it no longer opens. */
export function webhookSecretAssociatedData(endpointId: string): string {
  return `webhook_endpoint:${endpointId}`;
}

/** The secret a rotation replaced is bound to its column too: it cannot be swapped back in as the current one. */
export function webhookPreviousSecretAssociatedData(endpointId: string): string {
  return `webhook_endpoint:${endpointId}:previous`;
}

/** `webhook_endpoints.secret_sealed`, for `crypto:rotate` (which reaches it through the table's keel_owner policy). */
export const webhookSecretSealedColumn: SealedColumn = {
  table: 'webhook_endpoints',
  idColumns: ['workspace_id', 'id'],
  column: 'secret_sealed',
  associatedData: (row) => webhookSecretAssociatedData(row['id']),
};

/** `webhook_endpoints.previous_secret_sealed` (NULL unless a rotation is less than 24 hours old). */
export const webhookPreviousSecretSealedColumn: SealedColumn = {
  table: 'webhook_endpoints',
  idColumns: ['workspace_id', 'id'],
  column: 'previous_secret_sealed',
  associatedData: (row) => webhookPreviousSecretAssociatedData(row['id']),
};
