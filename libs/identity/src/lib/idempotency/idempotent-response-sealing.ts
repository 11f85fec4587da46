import type { SealedColumn } from '@keel/platform-crypto';

/** Binds a sealed response to its caller and key: copied to another row, it no longer opens. */
export function idempotentResponseContext(principal: string, key: string): string {
  return `idempotency-key:${principal}:${key}`;
}

/** Binds the sealed digest of the request to its caller and key, apart from the response. */
export function idempotentRequestContext(principal: string, key: string): string {
  return `idempotency-key-request:${principal}:${key}`;
}

/** `idempotency_keys.response_sealed`, for `crypto:rotate`. */
export const idempotentResponseSealedColumn: SealedColumn = {
  table: 'idempotency_keys',
  idColumns: ['principal', 'key'],
  column: 'response_sealed',
  associatedData: (row) => idempotentResponseContext(row['principal'], row['key']),
};

/** `idempotency_keys.request_sealed`, for `crypto:rotate`. */
export const idempotentRequestSealedColumn: SealedColumn = {
  table: 'idempotency_keys',
  idColumns: ['principal', 'key'],
  column: 'request_sealed',
  associatedData: (row) => idempotentRequestContext(row['principal'], row['key']),
};
