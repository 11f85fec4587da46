/** One Ed25519 public key (RFC 8037) that verifies Keel's access tokens. */
export class SigningJwkResponse {
  /** @example "OKP" */
  kty: 'OKP';
  /** @example "Ed25519" */
  crv: 'Ed25519';
  /** The public key, base64url. @example "n_ws6o8AKSi0YcaTDKHHT5gI3krBQYN8ckNUFBpc92o" */
  x: string;
  /** The key id a token names in its header: the key's SHA-256 JWK thumbprint. @example "Kj7iIx71EuyU_yH3mzMT2t9tFkr6PflJEuJ0v9I5jVA" */
  kid: string;
  /** @example "EdDSA" */
  alg: 'EdDSA';
  /** @example "sig" */
  use: 'sig';
}

/** The keys whose access tokens may still be valid: the current key and any retired less than a token lifetime ago. */
export class JwksResponse {
  keys: SigningJwkResponse[];
}
