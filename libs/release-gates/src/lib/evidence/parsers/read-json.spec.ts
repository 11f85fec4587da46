import { findJsonSyntaxError, readJson } from './read-json';
import { unparseable } from './fixtures/unparseable';

describe('read-json', () => {
  it.each([
    ['{"a": 1,}', 'expected a double-quoted property name', 8],
    ['[1, 2,]', 'expected a value', 6],
    ['{"a" 1}', "expected ':' after a property name", 5],
    ['{"a": tru}', 'expected a value', 6],
    ['{"a": 1} x', 'unexpected text after the JSON value', 9],
    ['{"a": "\\q"}', 'bad escape in a string', 7],
    ['{"a": [1, 2}', "expected ',' or ']'", 11],
    ['{"a": 01}', "expected ',' or '}'", 7],
    ['{"a": 1', "unexpected end of input (expected ',' or '}')", 7],
  ])('should say why %s is not JSON', (text, message, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ message, offset });
  });

  it('should find no error in valid JSON', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, true, null, 'x\n"y"\u0001'], b: {}, c: [] });
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it('should never quote the text in its reason', () => {
    const error = unparseable(readJson, Buffer.from('{\n  "token": "ghp_secret",\n  oops\n}'));
    expect(error).toMatchObject({ reason: 'not valid JSON: expected a double-quoted property name', line: 3 });
    expect(error.message).not.toContain('ghp_secret');
  });
});
