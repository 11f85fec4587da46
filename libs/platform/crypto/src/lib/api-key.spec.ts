import { crc32 } from 'node:zlib';
import { API_KEY_RANDOM_LENGTH, generateApiKey, parseApiKey } from './api-key';
import { encodeBase62 } from './base62';

describe('API keys', () => {
  it('should look like keel_<env>_<30 random base62><6 checksum base62>', () => {
    const key = generateApiKey('live');

    expect(key).toMatch(/^keel_live_[0-9A-Za-z]{36}$/);
  });

  it('should carry at least 160 random bits', () => {
    expect(API_KEY_RANDOM_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it('should end in the CRC32 of what precedes it, in base62', () => {
    const key = generateApiKey('test');
    const body = key.slice(0, -6);

    expect(key.slice(-6)).toBe(encodeBase62(crc32(body), 6));
  });

  it('should parse back to its environment and secret', () => {
    const key = generateApiKey('test');

    expect(parseApiKey(key)).toEqual({ environment: 'test', secret: key.slice('keel_test_'.length, -6) });
  });

  it('should never repeat itself', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey('live')));

    expect(keys.size).toBe(1000);
  });

  it('should reject a key with one character changed', () => {
    const key = generateApiKey('live');
    const flipAt = 'keel_live_'.length + 5;
    const flipped = key.slice(0, flipAt) + (key[flipAt] === 'a' ? 'b' : 'a') + key.slice(flipAt + 1);

    expect(parseApiKey(flipped)).toBeUndefined();
  });

  it('should reject a key whose checksum was changed', () => {
    const key = generateApiKey('live');
    const flipped = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');

    expect(parseApiKey(flipped)).toBeUndefined();
  });

  it.each([
    ['another prefix', (key: string) => key.replace(/^keel_/, 'ghp_')],
    ['an upper-case environment', (key: string) => key.replace('_live_', '_LIVE_')],
    ['no environment', (key: string) => key.replace('_live_', '__')],
    ['a shorter random part', (key: string) => key.slice(0, 12) + key.slice(13)],
    ['trailing text', (key: string) => `${key}x`],
    ['surrounding whitespace', (key: string) => ` ${key} `],
  ])('should reject %s', (_what, alter: (key: string) => string) => {
    expect(parseApiKey(alter(generateApiKey('live')))).toBeUndefined();
  });

  it('should reject a well-formed key for another environment name spelled into it afterwards', () => {
    const key = generateApiKey('test');

    // Same random part and checksum, but the checksum covered "test", not "live".
    expect(parseApiKey(key.replace('_test_', '_live_'))).toBeUndefined();
  });

  it.each(['', 'LIVE', 'live_eu', 'a'.repeat(17), 'dév'])(
    'should refuse to generate a key for environment %p',
    (environment) => {
      expect(() => generateApiKey(environment)).toThrow(RangeError);
    },
  );
});
