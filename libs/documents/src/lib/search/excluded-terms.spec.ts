import { excludedTerms } from './excluded-terms';

describe('excludedTerms', () => {
  it('should find excluded words and quoted phrases, not hyphenated words', () => {
    expect(excludedTerms('enterprise pricing -draft -"old price" single-sign-on')).toEqual(['draft', '"old price"']);
    expect(excludedTerms('-beta')).toEqual(['beta']);
  });

  it('should find nothing in a query without exclusions', () => {
    expect(excludedTerms('"enterprise plan" or starter')).toEqual([]);
    expect(excludedTerms('a - b')).toEqual([]);
  });
});
