import { randomToken, safeEqual, sha256Hex } from './tokens';

describe('randomToken', () => {
  it('should give 256 bits as 43 base64url characters by default', () => {
    const token = randomToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('should give the number of bytes asked for', () => {
    expect(Buffer.from(randomToken(48), 'base64url')).toHaveLength(48);
  });

  it('should never repeat itself', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));

    expect(tokens.size).toBe(1000);
  });

  it('should refuse fewer than 128 bits', () => {
    expect(() => randomToken(8)).toThrow(RangeError);
  });
});

describe('sha256Hex', () => {
  it('should match the published test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('safeEqual', () => {
  it('should be true for equal strings only', () => {
    expect(safeEqual('secret-token', 'secret-token')).toBe(true);
    expect(safeEqual('secret-token', 'secret-tokeN')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });

  it('should be false, not throw, for different lengths', () => {
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
