import { findInvalidCharacters } from './invalid-characters';

describe('findInvalidCharacters', () => {
  it('should find nothing in ordinary text, emoji (surrogate pairs) included', () => {
    expect(
      findInvalidCharacters({ name: 'Ada 🚀', tags: ['ünï', '日本'], nested: { n: 1, b: true, z: null } }, 'body'),
    ).toEqual([]);
  });

  it('should name each body string holding a NUL or a lone surrogate by field and JSON path, in order', () => {
    const errors = findInvalidCharacters(
      { name: 'a\u0000b', actions: [{ type: 'ok' }, { body: 'x\ud800' }], tail: '\udc00y' },
      'body',
    );

    expect(errors).toEqual([
      { field: 'name', path: '$.name', rule: 'noNulCharacter', message: 'name contains a NUL character (\\u0000)' },
      expect.objectContaining({ field: 'actions.1.body', path: '$.actions[1].body', rule: 'wellFormedUnicode' }),
      expect.objectContaining({ field: 'tail', path: '$.tail', rule: 'wellFormedUnicode' }),
    ]);
  });

  it('should report a key that cannot be stored at its parent, without repeating the key', () => {
    const errors = findInvalidCharacters({ meta: { ['k\u0000']: 1 } }, 'body');

    expect(errors).toEqual([expect.objectContaining({ field: 'meta', path: '$.meta', rule: 'noNulCharacter' })]);
    expect(JSON.stringify(errors)).not.toContain('k\\u0000');
  });

  it('should name query and path parameters without a JSON path', () => {
    expect(findInvalidCharacters({ cursor: 'a\u0000', limit: '5' }, 'query')).toEqual([
      { field: 'cursor', rule: 'noNulCharacter', message: 'cursor contains a NUL character (\\u0000)' },
    ]);
    expect(findInvalidCharacters({ tags: ['ok', 'x\u0000'] }, 'query')).toEqual([
      expect.objectContaining({ field: 'tags.1' }),
    ]);
  });

  it('should check a body that is a bare string', () => {
    expect(findInvalidCharacters('\u0000', 'body')).toEqual([expect.objectContaining({ field: 'body', path: '$' })]);
  });

  it('should stop after 20 findings', () => {
    expect(
      findInvalidCharacters(
        Array.from({ length: 100 }, () => '\u0000'),
        'body',
      ),
    ).toHaveLength(20);
  });
});
