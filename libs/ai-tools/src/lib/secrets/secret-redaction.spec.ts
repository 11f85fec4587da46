import { redactSecretValues, secretSpellings } from './secret-redaction';

describe('redactSecretValues', () => {
  const spellings = secretSpellings(
    new Map([
      ['TOKEN', 'tok_live/123'],
      ['LONGER', 'tok_live/123-and-more'],
    ]),
  );

  it('should replace a value anywhere in the result, keys included, naming the secret', () => {
    expect(
      redactSecretValues({ echo: 'Bearer tok_live/123', list: ['x', { 'tok_live/123': 1 }], n: 5 }, spellings),
    ).toEqual({ echo: 'Bearer [secret:TOKEN]', list: ['x', { '[secret:TOKEN]': 1 }], n: 5 });
  });

  it('should name the longer secret when one contains the other', () => {
    expect(redactSecretValues('tok_live/123-and-more', spellings)).toBe('[secret:LONGER]');
  });

  it('should catch the value percent-encoded, as an API echoing its query string sends it', () => {
    expect(redactSecretValues('key=tok_live%2F123', spellings)).toBe('key=[secret:TOKEN]');
  });
});
