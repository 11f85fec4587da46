import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed private key to its row: moved to another kid, it no longer opens. */
export function signingKeySealingContext(kid: string): string {
  return `signing-key:${kid}`;
}

/** `signing_keys.private_key_sealed`, for `crypto:rotate`: sealed under the master key with the row's kid as associated data. */
export const signingKeySealedColumn: SealedColumn = {
  table: 'signing_keys',
  idColumns: ['id'],
  column: 'private_key_sealed',
  associatedData: (row) => signingKeySealingContext(row['id']),
};
