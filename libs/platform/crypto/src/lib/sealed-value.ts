import { AES_KEY_BYTES, GCM_NONCE_BYTES, GCM_TAG_BYTES, GcmSealed } from './aes-gcm';
import { MASTER_KEY_ID_BYTES } from './master-key-id';
import { SecretBoxError } from './secret-box-error';

/** `v1.<nonce>.<ciphertext>.<tag>`: the value encrypted directly under the master key, which it does not name. */
export interface LegacySealedValue {
  readonly version: 'v1';
  readonly data: GcmSealed;
}

/**
 * `v2.<kid>.<wrapped data key>.<nonce>.<ciphertext>.<tag>`: the value encrypted
 * under its own data key, the data key encrypted ("wrapped") under the master
 * key named by `kid`.
 */
export interface EnvelopeSealedValue {
  readonly version: 'v2';
  readonly keyId: string;
  readonly wrappedKey: GcmSealed;
  readonly data: GcmSealed;
}

export type SealedValue = LegacySealedValue | EnvelopeSealedValue;

const LEGACY = 'v1';
const ENVELOPE = 'v2';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** The wrapped data key is one base64url part: its nonce, the encrypted 32 bytes, its tag (60 bytes). */
const WRAPPED_KEY_BYTES = GCM_NONCE_BYTES + AES_KEY_BYTES + GCM_TAG_BYTES;

/** `v2.<kid>`: authenticated with the wrapped data key, so neither the version nor the kid can be swapped. */
export function envelopeHeader(keyId: string): string {
  return `${ENVELOPE}.${keyId}`;
}

/** How every value sealed under the master key `keyId` begins. */
export function envelopePrefix(keyId: string): string {
  return `${envelopeHeader(keyId)}.`;
}

export function formatEnvelope(keyId: string, wrappedKey: GcmSealed, data: GcmSealed): string {
  const wrapped = Buffer.concat([wrappedKey.nonce, wrappedKey.ciphertext, wrappedKey.tag]);
  return [envelopeHeader(keyId), ...[wrapped, data.nonce, data.ciphertext, data.tag].map(base64url)].join('.');
}

/** The parts of a sealed value, checked for shape only; throws SecretBoxError MALFORMED or UNKNOWN_VERSION. */
export function parseSealedValue(sealed: string): SealedValue {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length === 0 || parts[0] === '') {
    throw new SecretBoxError('MALFORMED', 'The sealed value is empty or not a string.');
  }
  const [version, ...rest] = parts;
  if (version === LEGACY) return parseLegacy(rest);
  if (version === ENVELOPE) return parseEnvelope(rest);
  throw new SecretBoxError('UNKNOWN_VERSION', `The sealed value has an unknown version "${version.slice(0, 8)}".`);
}

function parseLegacy(parts: string[]): LegacySealedValue {
  const shape = 'v1.<nonce>.<ciphertext>.<tag>';
  const [nonce, ciphertext, tag] = decodeParts(parts, [GCM_NONCE_BYTES, undefined, GCM_TAG_BYTES], shape);
  return { version: LEGACY, data: { nonce, ciphertext, tag } };
}

function parseEnvelope(parts: string[]): EnvelopeSealedValue {
  const shape = 'v2.<kid>.<wrapped data key>.<nonce>.<ciphertext>.<tag>';
  const [keyId, wrapped, nonce, ciphertext, tag] = decodeParts(
    parts,
    [MASTER_KEY_ID_BYTES, WRAPPED_KEY_BYTES, GCM_NONCE_BYTES, undefined, GCM_TAG_BYTES],
    shape,
  );
  return {
    version: ENVELOPE,
    keyId: base64url(keyId),
    wrappedKey: {
      nonce: wrapped.subarray(0, GCM_NONCE_BYTES),
      ciphertext: wrapped.subarray(GCM_NONCE_BYTES, GCM_NONCE_BYTES + AES_KEY_BYTES),
      tag: wrapped.subarray(GCM_NONCE_BYTES + AES_KEY_BYTES),
    },
    data: { nonce, ciphertext, tag },
  };
}

/** Each part as bytes, of the length given (undefined: any); only canonical base64url is accepted. */
function decodeParts(parts: string[], lengths: ReadonlyArray<number | undefined>, shape: string): Buffer[] {
  if (parts.length !== lengths.length || !parts.every((part) => BASE64URL.test(part))) {
    throw new SecretBoxError('MALFORMED', `The sealed value is not ${shape} in base64url.`);
  }
  const bytes = parts.map((part) => Buffer.from(part, 'base64url'));
  // Length checks matter for the tag: GCM would otherwise accept a truncated, far weaker tag.
  if (bytes.some((part, index) => lengths[index] !== undefined && part.length !== lengths[index])) {
    throw new SecretBoxError(
      'MALFORMED',
      'The sealed value has a key id, wrapped key, nonce or tag of the wrong length.',
    );
  }
  // The decoder ignores the spare low bits of a last character; insist on the one canonical
  // spelling so that no altered string still opens.
  if (bytes.some((part, index) => base64url(part) !== parts[index])) {
    throw new SecretBoxError('MALFORMED', 'The sealed value is not canonical base64url.');
  }
  return bytes;
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
