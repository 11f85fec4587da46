import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sign-in's sealed nonce and PKCE verifier to its row: copied into another, they no longer open. */
export function oidcRequestSealingContext(requestId: string): string {
  return `oidc-authorization-request:${requestId}`;
}

/** `oidc_authorization_requests.secrets_sealed`, for `crypto:rotate` (rows live minutes, but a rotation may meet one). */
export const oidcRequestSecretsSealedColumn: SealedColumn = {
  table: 'oidc_authorization_requests',
  idColumns: ['id'],
  column: 'secrets_sealed',
  associatedData: (row) => oidcRequestSealingContext(row['id']),
};
