import { hkdfSync } from 'node:crypto';
import { SecretBox } from '@keel/platform-crypto';

/**
 * The box that seals a refresh token's successor: its key is derived (HKDF)
 * from the spent token, which the database holds only as a hash, so a copy of
 * the database reveals no successor.
 */
export function successorBox(spentToken: string): SecretBox {
  const key = hkdfSync('sha256', Buffer.from(spentToken, 'utf8'), Buffer.alloc(0), 'keel refresh successor', 32);
  return new SecretBox(Buffer.from(key));
}
