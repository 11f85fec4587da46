import { slugFromName, slugWithSuffix } from './slug';
import { SLUG_PATTERN } from './dto/create-workspace.dto';

describe('workspace slugs', () => {
  it.each([
    ['Acme Inc.', 'acme-inc'],
    ['  Crème Brûlée  Labs ', 'creme-brulee-labs'],
    ['日本', 'workspace'],
    ['---', 'workspace'],
    ['A'.repeat(80), 'a'.repeat(40)],
  ])('should make %p into %p', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('should add a suffix that keeps the slug valid', () => {
    const suffixed = slugWithSuffix('a'.repeat(40));
    expect(suffixed).toMatch(SLUG_PATTERN);
    expect(suffixed).not.toBe(slugWithSuffix('a'.repeat(40)));
  });
});
