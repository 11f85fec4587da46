import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed signing secret to its endpoint: copied onto another row, it no longer opens. */
export function webhookSecretAssociatedData(endpointId: string): string {
  return `webhook_endpoint:${endpointId}`;
}

/** `webhook_endpoints.secret_sealed`, for `crypto:rotate` (which reaches it through the table's keel_owner policy). */
export const webhookSecretSealedColumn: SealedColumn = {
  table: 'webhook_endpoints',
  idColumns: ['workspace_id', 'id'],
  column: 'secret_sealed',
  associatedData: (row) => webhookSecretAssociatedData(row['id']),
};
