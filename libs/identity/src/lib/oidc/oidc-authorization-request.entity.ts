import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sign-in started at an OpenID Provider and not yet back: what the callback
 * needs to check the provider's answer. Found by the SHA-256 of its `state`
 * (the state itself is only in the browser's URL) and spent once; the nonce
 * and the PKCE code verifier are sealed under the master key, bound to the row.
 */
@Entity({ name: 'oidc_authorization_requests' })
export class OidcAuthorizationRequest {
  @PrimaryColumn('uuid')
  id: string;

  /** The provider's key in OIDC_PROVIDERS. */
  @Column('text')
  provider: string;

  @Column('text', { unique: true })
  stateHash: string;

  /** `{nonce, codeVerifier}` as JSON, sealed (see oidcRequestSealingContext). */
  @Column('text')
  secretsSealed: string;

  /** Where the client asked to be sent back; on the allow-list when the row was made. */
  @Column('text')
  redirectUri: string;

  @Column('timestamptz')
  expiresAt: Date;

  /** Set by the callback that spent it: a state works once. */
  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
