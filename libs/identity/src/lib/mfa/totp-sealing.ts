import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed TOTP secret to its user: copied to another user's row, it no longer opens. */
export function totpSealingContext(userId: string): string {
  return `mfa-totp:${userId}`;
}

/** `mfa_totp_factors.secret_sealed`, for `crypto:rotate`. */
export const totpSecretSealedColumn: SealedColumn = {
  table: 'mfa_totp_factors',
  idColumns: ['user_id'],
  column: 'secret_sealed',
  associatedData: (row) => totpSealingContext(row['user_id']),
};
