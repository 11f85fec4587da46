import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';
import { SecretBoxError, SecretBoxErrorReason } from './secret-box-error';

function expectRefusal(open: () => unknown, reason: SecretBoxErrorReason): void {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecretBoxError);
  expect((caught as SecretBoxError).reason).toBe(reason);
}

/** Changes one byte of the base64url part at `index` of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('should open what it sealed, strings and bytes alike', () => {
    const bytes = randomBytes(64);

    expect(box.openText(box.seal('the JWT signing key'))).toBe('the JWT signing key');
    expect(box.open(box.seal(bytes)).equals(bytes)).toBe(true);
    expect(box.openText(box.seal(''))).toBe('');
  });

  it('should write a versioned v1.<nonce>.<ciphertext>.<tag> string with a fresh nonce each time', () => {
    const first = box.seal('same plaintext');
    const second = box.seal('same plaintext');

    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toBe(second);
  });

  it.each([
    ['nonce', 1],
    ['ciphertext', 2],
    ['tag', 3],
  ])('should refuse a value whose %s was altered', (_part, index) => {
    expectRefusal(() => box.open(tamper(box.seal('secret'), index)), 'AUTHENTICATION_FAILED');
  });

  it('should refuse a value sealed with another key', () => {
    const other = new SecretBox(randomBytes(32));

    expectRefusal(() => box.open(other.seal('secret')), 'AUTHENTICATION_FAILED');
  });

  it('should refuse when the associated data differs or is missing', () => {
    const sealed = box.seal('secret', 'signing-key:1');

    expect(box.openText(sealed, 'signing-key:1')).toBe('secret');
    expectRefusal(() => box.open(sealed, 'signing-key:2'), 'AUTHENTICATION_FAILED');
    expectRefusal(() => box.open(sealed), 'AUTHENTICATION_FAILED');
  });

  it('should refuse an unknown version', () => {
    const sealed = box.seal('secret').replace(/^v1\./, 'v2.');

    expectRefusal(() => box.open(sealed), 'UNKNOWN_VERSION');
  });

  it.each([
    ['an empty string', ''],
    ['too few parts', 'v1.abc.def'],
    ['a truncated tag', 'v1.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAA'],
    ['non-base64url text', 'v1.AAAAAAAAAAAAAAAA.AA+A.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('should refuse %s as malformed', (_what, sealed) => {
    expectRefusal(() => box.open(sealed), 'MALFORMED');
  });

  it('should refuse a tag spelled with different spare bits', () => {
    const sealed = box.seal('secret');
    const last = sealed.slice(-1);
    // The last of 22 characters carries 2 data bits; changing only its spare bits decodes to the same tag.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = alphabet.indexOf(last);
    const sameBits = alphabet[(index & ~0x0f) | ((index + 1) & 0x0f)];

    expectRefusal(() => box.open(sealed.slice(0, -1) + sameBits), 'MALFORMED');
  });

  it('should refuse a key that is not 32 bytes, saying so', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/exactly 32 bytes \(got 16\)/);
    expect(() => SecretBox.fromBase64(randomBytes(31).toString('base64'))).toThrow(/exactly 32 bytes \(got 31\)/);
    expect(() => SecretBox.fromBase64('not base64 at all!')).toThrow(/base64/);
    expect(() => SecretBox.fromBase64('')).toThrow(SecretBoxError);
  });

  it('should read a key from base64 or base64url configuration', () => {
    const key = randomBytes(32);
    const sealed = new SecretBox(key).seal('secret');

    expect(SecretBox.fromBase64(key.toString('base64')).openText(sealed)).toBe('secret');
    expect(SecretBox.fromBase64(key.toString('base64url')).openText(sealed)).toBe('secret');
  });

  it('should generate keys that fromBase64 accepts, a different one each time', () => {
    const key = SecretBox.generateKey();
    const box = SecretBox.fromBase64(key);

    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(box.openText(box.seal('secret'))).toBe('secret');
    expect(SecretBox.generateKey()).not.toBe(key);
  });

  it('should keep its own copy of the key', () => {
    const key = randomBytes(32);
    const own = new SecretBox(key);
    const sealed = own.seal('secret');
    key.fill(0);

    expect(own.openText(sealed)).toBe('secret');
  });
});
