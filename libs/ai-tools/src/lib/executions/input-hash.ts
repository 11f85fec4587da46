import { canonicalJson, sha256Hex } from '@keel/platform-crypto';

/** sha256 (hex) of the input's canonical JSON: key order never changes it. */
export function inputSha256(input: unknown): string {
  return sha256Hex(canonicalJson(input === undefined ? null : input));
}
