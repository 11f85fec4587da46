import { isTimestamp } from './is-timestamp.decorator';

describe('isTimestamp', () => {
  it.each(['2026-11-29T10:00:00Z', '2026-11-29T10:00:00.123Z', '2026-11-29T11:00:00+01:00'])(
    'should accept the RFC 3339 date-time %s',
    (value) => {
      expect(isTimestamp(value)).toBe(true);
    },
  );

  it.each([
    ['a week', '2026-W05'],
    ['a week day', '2026-W05-3'],
    ['a day of the year', '2026-032'],
    ['no time zone', '2026-11-29T10:00'],
    ['a date alone', '2026-11-29'],
    ['a day February has not', '2026-02-31T00:00:00Z'],
    ['a word', 'yesterday'],
  ])('should refuse %s (%s)', (_what, value) => {
    expect(isTimestamp(value)).toBe(false);
  });

  it('should refuse what is not a string', () => {
    expect(isTimestamp(1_764_000_000_000)).toBe(false);
  });
});
