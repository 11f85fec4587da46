import { createCipheriv, randomBytes } from 'node:crypto';
import { masterKeyId } from './master-key-id';
import { SecretBox } from './secret-box';
import { SecretBoxError, SecretBoxErrorReason } from './secret-box-error';

function expectRefusal(open: () => unknown, reason: SecretBoxErrorReason): SecretBoxError {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecretBoxError);
  expect((caught as SecretBoxError).reason).toBe(reason);
  return caught as SecretBoxError;
}

/** Changes one byte of the base64url part at `index` of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

/** A value in the first scheme, `v1.<nonce>.<ciphertext>.<tag>` straight under the master key, as earlier releases stored it. */
function sealV1(key: Buffer, plaintext: string, associatedData?: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[nonce, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
}

const V2_SHAPE = /^v2\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{80}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/;

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('should open what it sealed, strings and bytes alike', () => {
    const bytes = randomBytes(64);

    expect(box.openText(box.seal('the JWT signing key'))).toBe('the JWT signing key');
    expect(box.open(box.seal(bytes)).equals(bytes)).toBe(true);
    expect(box.openText(box.seal(''))).toBe('');
  });

  it('should write v2.<kid>.<wrapped data key>.<nonce>.<ciphertext>.<tag> naming the current master key', () => {
    const sealed = box.seal('same plaintext');

    expect(sealed).toMatch(V2_SHAPE);
    expect(sealed.split('.')[1]).toBe(box.keyId);
    expect(box.keyId).toBe(masterKeyId(key));
    expect(sealed.startsWith(box.sealedPrefix)).toBe(true);
  });

  it('should seal the same value differently every time: a fresh data key and nonce', () => {
    const first = box.seal('same plaintext').split('.');
    const second = box.seal('same plaintext').split('.');

    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
    expect(second[3]).not.toBe(first[3]);
    expect(second[4]).not.toBe(first[4]);
    expect(second.join('.')).not.toBe(first.join('.'));
  });

  describe('the master key id', () => {
    it('should be 11 base64url characters, the same for the same key and different for another', () => {
      const other = randomBytes(32);

      expect(masterKeyId(key)).toMatch(/^[A-Za-z0-9_-]{11}$/);
      expect(new SecretBox(Buffer.from(key)).keyId).toBe(box.keyId);
      expect(new SecretBox(other).keyId).not.toBe(box.keyId);
    });

    it('should reveal nothing of the key: not its bytes, nor a plain hash of them', () => {
      const id = Buffer.from(masterKeyId(key), 'base64url');

      expect(key.includes(id)).toBe(false);
      expect(key.toString('base64url')).not.toContain(masterKeyId(key));
    });
  });

  it.each([
    ['wrapped data key', 2],
    ['nonce', 3],
    ['ciphertext', 4],
    ['tag', 5],
  ])('should refuse a value whose %s was altered', (_part, index) => {
    expectRefusal(() => box.open(tamper(box.seal('secret'), index)), 'AUTHENTICATION_FAILED');
  });

  it('should refuse a value whose kid was altered, naming the unknown kid', () => {
    const altered = tamper(box.seal('secret'), 1);
    const error = expectRefusal(() => box.open(altered), 'UNKNOWN_KEY');

    expect(error.message).toContain(altered.split('.')[1]);
    expect(error.message).not.toContain(key.toString('base64url'));
  });

  it('should refuse a value sealed with another key as an unknown key', () => {
    const other = new SecretBox(randomBytes(32));

    expectRefusal(() => box.open(other.seal('secret')), 'UNKNOWN_KEY');
  });

  it('should refuse a value relabelled with the kid of another key it holds', () => {
    const previous = randomBytes(32);
    const both = new SecretBox(key, [previous]);
    const parts = both.seal('secret').split('.');
    parts[1] = masterKeyId(previous);

    expectRefusal(() => both.open(parts.join('.')), 'AUTHENTICATION_FAILED');
  });

  it('should refuse a value whose wrapped data key was swapped for another value’s', () => {
    const first = box.seal('first').split('.');
    const second = box.seal('second').split('.');
    first[2] = second[2];

    expectRefusal(() => box.open(first.join('.')), 'AUTHENTICATION_FAILED');
  });

  it('should refuse when the associated data differs or is missing', () => {
    const sealed = box.seal('secret', 'signing-key:1');

    expect(box.openText(sealed, 'signing-key:1')).toBe('secret');
    expectRefusal(() => box.open(sealed, 'signing-key:2'), 'AUTHENTICATION_FAILED');
    expectRefusal(() => box.open(sealed), 'AUTHENTICATION_FAILED');
  });

  it('should refuse an unknown version', () => {
    const sealed = box.seal('secret').replace(/^v2\./, 'v3.');

    expectRefusal(() => box.open(sealed), 'UNKNOWN_VERSION');
  });

  it.each([
    ['an empty string', ''],
    ['a v1 value with too few parts', 'v1.abc.def'],
    ['a v1 value with a truncated tag', 'v1.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAA'],
    ['a v1 value with non-base64url text', 'v1.AAAAAAAAAAAAAAAA.AA+A.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a v2 value with too few parts', 'v2.AAAAAAAAAAA.AAAA.AAAA'],
  ])('should refuse %s as malformed', (_what, sealed) => {
    expectRefusal(() => box.open(sealed), 'MALFORMED');
  });

  it.each([
    ['a truncated tag', (parts: string[]) => (parts[5] = parts[5].slice(0, 20))],
    ['a short kid', (parts: string[]) => (parts[1] = parts[1].slice(0, 8))],
    ['a short wrapped data key', (parts: string[]) => (parts[2] = parts[2].slice(0, 76))],
    ['a short nonce', (parts: string[]) => (parts[3] = parts[3].slice(0, 12))],
    ['non-base64url text', (parts: string[]) => (parts[4] = `+${parts[4].slice(1)}`)],
    ['an extra part', (parts: string[]) => parts.push('AAAA')],
  ])('should refuse a v2 value with %s as malformed', (_what, alter) => {
    const parts = box.seal('secret value').split('.');
    alter(parts);

    expectRefusal(() => box.open(parts.join('.')), 'MALFORMED');
  });

  it.each([
    ['v2', () => box.seal('secret')],
    ['v1', () => sealV1(key, 'secret')],
  ])('should refuse a %s tag spelled with different spare bits', (_version, seal) => {
    const sealed = seal();
    const last = sealed.slice(-1);
    // The last of 22 characters carries 2 data bits; changing only its spare bits decodes to the same tag.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(last);
    const sameBits = alphabet[(index & ~0x0f) | ((index + 1) & 0x0f)];

    expectRefusal(() => box.open(sealed.slice(0, -1) + sameBits), 'MALFORMED');
  });

  describe('previous master keys', () => {
    const previous = randomBytes(32);
    const older = randomBytes(32);
    const rotated = new SecretBox(randomBytes(32), [previous, older]);

    it('should open values sealed under a previous key, and seal only under the current one', () => {
      const underPrevious = new SecretBox(previous).seal('old secret', 'row:1');
      const underOlder = new SecretBox(older).seal('older secret');

      expect(rotated.openText(underPrevious, 'row:1')).toBe('old secret');
      expect(rotated.openText(underOlder)).toBe('older secret');
      expect(rotated.seal('new secret').split('.')[1]).toBe(rotated.keyId);
      expect(rotated.keyId).not.toBe(masterKeyId(previous));
    });

    it('should no longer open them once the previous key is removed', () => {
      const underPrevious = new SecretBox(previous).seal('old secret');
      const withoutPrevious = new SecretBox(randomBytes(32), [older]);

      expectRefusal(() => withoutPrevious.open(underPrevious), 'UNKNOWN_KEY');
    });

    it('should ignore a previous key equal to the current one', () => {
      const same = new SecretBox(key, [key, Buffer.from(key)]);

      expect(same.keyId).toBe(box.keyId);
      expect(same.openText(box.seal('secret'))).toBe('secret');
    });

    it('should say which values need rotation: v1 values and those under another key', () => {
      expect(rotated.needsRotation(rotated.seal('current'))).toBe(false);
      expect(rotated.needsRotation(new SecretBox(previous).seal('previous'))).toBe(true);
      expect(rotated.needsRotation(sealV1(previous, 'legacy'))).toBe(true);
      expect(rotated.needsRotation('not a sealed value')).toBe(true);
    });
  });

  describe('legacy v1 values', () => {
    it('should open a v1 value sealed under the current key or a previous one, with its associated data', () => {
      const previous = randomBytes(32);
      const rotated = new SecretBox(key, [previous]);

      expect(rotated.openText(sealV1(key, 'current', 'row:1'), 'row:1')).toBe('current');
      expect(rotated.openText(sealV1(previous, 'previous', 'row:2'), 'row:2')).toBe('previous');
      expectRefusal(() => rotated.open(sealV1(previous, 'previous', 'row:2'), 'row:3'), 'AUTHENTICATION_FAILED');
    });

    it('should refuse a v1 value under a key it does not hold', () => {
      expectRefusal(() => box.open(sealV1(randomBytes(32), 'secret')), 'AUTHENTICATION_FAILED');
    });

    it.each([
      ['nonce', 1],
      ['ciphertext', 2],
      ['tag', 3],
    ])('should refuse a v1 value whose %s was altered', (_part, index) => {
      expectRefusal(() => box.open(tamper(sealV1(key, 'secret'), index)), 'AUTHENTICATION_FAILED');
    });
  });

  it('should refuse a key that is not 32 bytes, saying so', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/exactly 32 bytes \(got 16\)/);
    expect(() => new SecretBox(randomBytes(32), [randomBytes(31)])).toThrow(/exactly 32 bytes \(got 31\)/);
    expect(() => SecretBox.fromBase64(randomBytes(31).toString('base64'))).toThrow(/exactly 32 bytes \(got 31\)/);
    expect(() => SecretBox.fromBase64('not base64 at all!')).toThrow(/base64/);
    expect(() => SecretBox.fromBase64('')).toThrow(SecretBoxError);
  });

  it('should read keys from base64 or base64url configuration', () => {
    const key = randomBytes(32);
    const previous = randomBytes(32);
    const sealed = new SecretBox(key).seal('secret');
    const sealedBefore = new SecretBox(previous).seal('earlier secret');

    expect(SecretBox.fromBase64(key.toString('base64')).openText(sealed)).toBe('secret');
    expect(SecretBox.fromBase64(key.toString('base64url')).openText(sealed)).toBe('secret');
    const rotated = SecretBox.fromBase64(randomBytes(32).toString('base64'), [previous.toString('base64')]);
    expect(rotated.openText(sealedBefore)).toBe('earlier secret');
  });

  it('should generate keys that fromBase64 accepts, a different one each time', () => {
    const key = SecretBox.generateKey();
    const box = SecretBox.fromBase64(key);

    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(box.openText(box.seal('secret'))).toBe('secret');
    expect(SecretBox.generateKey()).not.toBe(key);
  });

  it('should keep its own copy of the keys', () => {
    const key = randomBytes(32);
    const previous = randomBytes(32);
    const own = new SecretBox(key, [previous]);
    const sealed = own.seal('secret');
    const sealedBefore = new SecretBox(previous).seal('earlier');
    key.fill(0);
    previous.fill(0);

    expect(own.openText(sealed)).toBe('secret');
    expect(own.openText(sealedBefore)).toBe('earlier');
  });
  describe('derived keys', () => {
    it('should derive the same key from the same master key and purpose, another for another purpose', () => {
      const key = SecretBox.generateKey();
      const [first] = SecretBox.fromBase64(key).deriveKeys('verdict-signing');
      const [again] = SecretBox.fromBase64(key).deriveKeys('verdict-signing');
      const [other] = SecretBox.fromBase64(key).deriveKeys('something-else');
      expect(first.key).toHaveLength(32);
      expect(again.key.equals(first.key)).toBe(true);
      expect(other.key.equals(first.key)).toBe(false);
    });

    it('should derive one key per master key held, the current one first', () => {
      const previous = SecretBox.generateKey();
      const box = SecretBox.fromBase64(SecretBox.generateKey(), [previous]);
      const derived = box.deriveKeys('verdict-signing');
      expect(derived.map((entry) => entry.masterKeyId)).toEqual([box.keyId, SecretBox.fromBase64(previous).keyId]);
      expect(derived[1].key.equals(SecretBox.fromBase64(previous).deriveKeys('verdict-signing')[0].key)).toBe(true);
    });
  });
});
