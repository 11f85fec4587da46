import { createPublicKey } from 'node:crypto';
import { type CryptoKey, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { SecretBox } from '@keel/platform-crypto';
import type { TestDatabase } from '@keel/platform-testing';
import type { Schema } from './keel-answers';

/** Keel's current signing key, private half included. */
export interface SigningKeyInHand {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * Keel's current signing key, read from `signing_keys` through the test
 * database's superuser connection and opened with the master key the suite
 * started Keel with. With it a test signs tokens exactly as Keel does, so a
 * token it makes differs from a genuine one only in the claim under test.
 */
export async function currentSigningKey(database: TestDatabase, masterKey: string): Promise<SigningKeyInHand> {
  const rows: { id: string; private_key_sealed: string }[] = await database.dataSource.query(
    'SELECT id, private_key_sealed FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
  );
  const row = rows[0];
  if (!row) throw new Error('Keel has no current signing key in signing_keys.');
  // The associated data Keel seals each private key under (SigningKeys in libs/identity).
  const jwk = JSON.parse(
    SecretBox.fromBase64(masterKey).openText(row.private_key_sealed, `signing-key:${row.id}`),
  ) as JWK;
  const privateKey = await importJWK(jwk, 'EdDSA');
  if (privateKey instanceof Uint8Array) throw new Error('The signing key is not an Ed25519 key.');
  return { kid: row.id, privateKey };
}

/** A JWT signed with `key` under `kid`, typ JWT, with exactly `claims`. */
export function signAccessToken(key: SigningKeyInHand, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsecured JWT (RFC 7519 §6): header `alg: none`, an empty signature. */
export function unsecuredToken(header: Record<string, unknown>, claims: JWTPayload): string {
  return `${base64urlJson({ ...header, alg: 'none' })}.${base64urlJson(claims)}.`;
}

/** The same token with its payload replaced and its signature kept. */
export function withPayload(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64urlJson(claims)}.${signature}`;
}

/** The forms a careless verifier might use as an HMAC secret when it takes an HS256 token with a public key. */
export function publicKeyAsHmacSecrets(jwk: Schema<'SigningJwkResponse'>): { form: string; secret: Uint8Array }[] {
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  const forms: { form: string; bytes: Buffer }[] = [
    { form: 'the SPKI PEM', bytes: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })) },
    { form: 'the SPKI DER', bytes: publicKey.export({ type: 'spki', format: 'der' }) },
    { form: 'the raw public key', bytes: Buffer.from(jwk.x, 'base64url') },
    { form: 'the JWK as JSON', bytes: Buffer.from(JSON.stringify(jwk)) },
  ];
  // Plain Uint8Arrays: jose checks `instanceof Uint8Array`, which a Buffer from outside jest's realm can fail.
  return forms.map(({ form, bytes }) => ({ form, secret: Uint8Array.from(bytes) }));
}
