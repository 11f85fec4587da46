import { commonPasswords } from './common-passwords';
import { PasswordPolicy } from './password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();

  it('should refuse 9 characters and accept 10', () => {
    expect(policy.check('kx7#mq2vz')).toHaveLength(1);
    expect(policy.check('kx7#mq2vz')[0]).toMatch(/at least 10 characters/);
    expect(policy.check('kx7#mq2vzp')).toEqual([]);
  });

  it('should accept 256 characters and refuse 257', () => {
    expect(policy.check('a1b2'.repeat(64))).toEqual([]);
    expect(policy.check('a1b2'.repeat(64) + 'c')[0]).toMatch(/at most 256 characters/);
  });

  it('should count an emoji as one character', () => {
    // 9 letters + 1 emoji (2 UTF-16 units, 1 code point) = 10 characters: accepted.
    expect(policy.check('kx7mq2vzp🔑')).toEqual([]);
    // 8 letters + 1 emoji = 9 characters: refused, although its .length is 10.
    expect('kx7mq2vz🔑'.length).toBe(10);
    expect(policy.check('kx7mq2vz🔑')[0]).toMatch(/at least 10 characters/);
  });

  it.each(['password123', 'PASSWORD123', 'PassWord123', 'qwertyuiop', '1234567890', 'Basketball'])(
    'should refuse the common password %s whatever its case',
    (password) => {
      expect(policy.check(password)).toEqual(['Password is too common; choose one that is harder to guess.']);
    },
  );

  it('should give every reason at once', () => {
    expect(policy.check('password')).toHaveLength(2);
  });

  it('should hold the 10,000 most common passwords, and none of its header lines', () => {
    const list = commonPasswords();

    expect(list.size).toBeGreaterThan(9_900);
    expect(list.size).toBeLessThanOrEqual(10_000);
    expect(list.has('123456')).toBe(true);
    expect([...list].some((entry) => entry.startsWith('#') || entry === '')).toBe(false);
  });

  it('should load the list once', () => {
    expect(commonPasswords()).toBe(commonPasswords());
  });
});
