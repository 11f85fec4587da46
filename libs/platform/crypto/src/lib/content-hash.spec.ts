import { canonicalJson, contentHash } from './content-hash';

describe('contentHash', () => {
  it('should write keys sorted at every depth, keep array order and leave undefined out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], e: undefined })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('should hash equal content equally whatever the key order, and other content differently', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [2, 1] })).not.toBe(contentHash({ a: 1, b: [1, 2] }));
    expect(contentHash({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
