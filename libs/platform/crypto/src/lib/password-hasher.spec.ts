import { hash as argon2Hash } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

// @node-rs/argon2's Algorithm is a const enum (not inlinable per file): its values.
const ARGON2I = 1 as Algorithm;
const ARGON2ID = 2 as Algorithm;
import { OWASP_MINIMUM_ARGON2, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('should verify the password it hashed and refuse another', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    await expect(hasher.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct horse battery stapler')).resolves.toBe(false);
  });

  it('should salt every hash, so the same password never hashes the same twice', async () => {
    const [first, second] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);

    expect(first).not.toBe(second);
  });

  it('should write argon2id at m=19456, t=2, p=1 into the encoded hash', async () => {
    const hash = await hasher.hash('a long enough password');

    expect(hash.startsWith('$argon2id$v=19$')).toBe(true);
    const params = hash.split('$')[3].split(',').sort();
    expect(params).toEqual(['m=19456', 'p=1', 't=2']);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['a truncated argon2 hash', '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ'],
    ['an argon2 hash with garbage parameters', '$argon2id$v=19$m=x,t=2,p=1$c29tZXNhbHQ$aGFzaA'],
  ])('should answer false, not throw, for %s', async (_what, malformed) => {
    await expect(hasher.verify(malformed, 'whatever password')).resolves.toBe(false);
  });

  it('should ask for a rehash of a hash made with weaker parameters', async () => {
    const weak = await argon2Hash('legacy password', {
      algorithm: ARGON2ID,
      memoryCost: 4096,
      timeCost: 2,
      parallelism: 1,
    });
    const fewerPasses = await argon2Hash('legacy password', {
      algorithm: ARGON2ID,
      memoryCost: 19_456,
      timeCost: 1,
      parallelism: 1,
    });
    const argon2i = await argon2Hash('legacy password', { algorithm: ARGON2I, ...OWASP_MINIMUM_ARGON2 });

    expect(hasher.needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(fewerPasses)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    // The old hash still verifies, so the caller can rehash right after a successful sign-in.
    await expect(hasher.verify(weak, 'legacy password')).resolves.toBe(true);
  });

  it('should not ask for a rehash of its own hash or a stronger one', async () => {
    const own = await hasher.hash('current password');
    const stronger = await argon2Hash('current password', {
      algorithm: ARGON2ID,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 1,
    });

    expect(hasher.needsRehash(own)).toBe(false);
    expect(hasher.needsRehash(stronger)).toBe(false);
  });

  it('should ask for a rehash of an unreadable hash', () => {
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });

  it('should refuse parameters below the OWASP minimum', () => {
    expect(() => new PasswordHasher({ memoryCost: 8192, timeCost: 2, parallelism: 1 })).toThrow(/OWASP minimum/);
  });

  it('should hash with stronger parameters when given them', async () => {
    const strong = new PasswordHasher({ memoryCost: 32_768, timeCost: 3, parallelism: 1 });
    const hash = await strong.hash('a long enough password');

    expect(hash).toContain('m=32768');
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(strong.needsRehash(await hasher.hash('a long enough password'))).toBe(true);
  });
});
