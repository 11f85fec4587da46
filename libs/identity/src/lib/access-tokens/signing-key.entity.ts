import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The public half of a signing key as JWKS publishes it: everything a verifier needs, nothing secret. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** The public key, base64url. */
  x: string;
  /** The JWK thumbprint (RFC 7638) of the key, so the id can be checked against the key itself. */
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * A key that signs access tokens. Global, not tenant-owned: every workspace's
 * users get tokens from the same issuer. The newest key that is not retired
 * signs; retired keys are kept so tokens they signed verify until they expire.
 */
@Entity({ name: 'signing_keys' })
export class SigningKey {
  /** The JWK `kid`: the key's thumbprint. */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  algorithm: 'EdDSA';

  @Column('jsonb')
  publicJwk: PublicSigningJwk;

  /** The private JWK as JSON, sealed with the master key (associated data `signing-key:<kid>`, see signing-key-sealing.ts); never stored in clear. */
  @Column('text')
  privateKeySealed: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** When a newer key took over signing; null while this key is the current one. */
  @Column('timestamptz', { nullable: true })
  retiredAt: Date | null;
}
