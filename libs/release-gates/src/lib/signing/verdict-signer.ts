import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, CompactSign, exportJWK } from 'jose';
import { PublicSigningJwk, PublishedKeys } from '@keel/identity';
import { SecretBox } from '@keel/platform-crypto';

/** The media type a verdict's JWS header names, so it is never mistaken for an access token. */
export const VERDICT_JWS_TYPE = 'keel-verdict+jws';

/** What the derivation is for: changing it changes every verdict key. */
const VERDICT_KEY_PURPOSE = 'release-gates:verdict-signing:ed25519:v1';

/** RFC 8410: the DER of a PKCS #8 Ed25519 private key, up to the 32-byte seed that follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface VerdictKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicSigningJwk;
}

/**
 * Signs evaluations with Ed25519 (compact JWS, EdDSA). The key is never
 * stored: its seed is derived from the master key (HKDF, see
 * SecretBox.deriveKeys), so every process holds the same key, it is as safe
 * at rest as the master key itself, and a master-key rotation rotates it.
 * The keys of previous master keys (KEEL_MASTER_KEYS_PREVIOUS) keep being
 * published, so verdicts signed before a rotation still verify, but sign
 * nothing. All of them are listed in /.well-known/jwks.json with `use: sig`.
 */
@Injectable()
export class VerdictSigner implements OnModuleInit {
  private keys: Promise<VerdictKey[]> | undefined;

  constructor(
    private readonly secretBox: SecretBox,
    private readonly published: PublishedKeys,
  ) {}

  onModuleInit(): void {
    this.published.register(async () => (await this.verdictKeys()).map((key) => key.publicJwk));
  }

  /** The compact JWS of `payload` (its JSON), under the current verdict key. */
  async sign(payload: object): Promise<string> {
    const [current] = await this.verdictKeys();
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: current.kid, typ: VERDICT_JWS_TYPE, cty: 'application/json' })
      .sign(current.privateKey);
  }

  /** The kid of the key signing now. */
  async currentKid(): Promise<string> {
    return (await this.verdictKeys())[0].kid;
  }

  private verdictKeys(): Promise<VerdictKey[]> {
    this.keys ??= Promise.all(this.secretBox.deriveKeys(VERDICT_KEY_PURPOSE).map(({ key }) => verdictKeyFrom(key)));
    return this.keys;
  }
}

async function verdictKeyFrom(seed: Buffer): Promise<VerdictKey> {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = await exportJWK(createPublicKey(privateKey));
  if (typeof jwk.x !== 'string') throw new Error('The derived Ed25519 key has no public part.');
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'sha256');
  return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' } };
}
