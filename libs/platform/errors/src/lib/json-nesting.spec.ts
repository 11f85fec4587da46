import { exceedsJsonDepth } from './json-nesting';

const json = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('exceedsJsonDepth', () => {
  it('should allow nesting up to the limit and refuse one level more', () => {
    expect(exceedsJsonDepth(json('[[[1]]]'), 3)).toBe(false);
    expect(exceedsJsonDepth(json('[[[[1]]]]'), 3)).toBe(true);
    expect(exceedsJsonDepth(json('{"a":{"b":{"c":{}}}}'), 3)).toBe(true);
  });

  it('should count depth, not the number of brackets', () => {
    expect(exceedsJsonDepth(json('[' + '[],'.repeat(1_000) + '[]]'), 2)).toBe(false);
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(json(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[" twice' })), 2)).toBe(false);
  });

  it('should survive a body far deeper than any recursive parser', () => {
    expect(exceedsJsonDepth(json('['.repeat(1_000_000)), 64)).toBe(true);
  });

  it('should read multi-byte characters as string content', () => {
    expect(exceedsJsonDepth(json('{"name":"Ærø [«»] 日本"}'), 1)).toBe(false);
  });
});
