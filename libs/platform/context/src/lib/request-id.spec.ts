import { resolveRequestId } from './request-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it.each(['req-123', '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'gw:eu-1.42_abc', 'a'.repeat(128)])(
    'should keep the well-formed id %s',
    (id) => {
      expect(resolveRequestId(id)).toBe(id);
    },
  );

  it('should make a UUIDv7 when no id came in', () => {
    expect(resolveRequestId(undefined)).toMatch(UUID_V7);
  });

  it.each([
    ['empty', ''],
    ['longer than 128 characters', 'a'.repeat(129)],
    ['holding a space', 'req 123'],
    ['holding a line break (log injection)', 'req-1\n{"level":"fatal"}'],
    ['holding markup', '<script>alert(1)</script>'],
    ['holding non-ASCII letters', 'requête-1'],
  ])('should replace an id %s with a new one', (_case, id) => {
    const resolved = resolveRequestId(id);

    expect(resolved).not.toBe(id);
    expect(resolved).toMatch(UUID_V7);
  });

  it('should take the first of repeated headers when it is well formed', () => {
    expect(resolveRequestId(['first-id', 'second-id'])).toBe('first-id');
  });

  it('should replace repeated headers whose first value is malformed', () => {
    expect(resolveRequestId(['bad id', 'good-id'])).toMatch(UUID_V7);
  });

  it('should make a different id for each request', () => {
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});
