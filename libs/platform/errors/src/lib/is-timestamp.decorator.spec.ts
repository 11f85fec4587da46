import { isTimestamp } from './is-timestamp.decorator';

describe('isTimestamp', () => {
  it.each([
    '2026-11-29T10:00:00Z',
    '2026-11-29T10:00:00.123Z',
    '2026-11-29T11:00:00+01:00',
    '2024-02-29T23:59:59.999999999-05:30',
  ])('should accept the RFC 3339 date-time %s', (value) => {
    expect(isTimestamp(value)).toBe(true);
  });

  it.each([
    ['a week', '2026-W05'],
    ['a week day', '2026-W05-3'],
    ['a day of the year', '2026-032'],
    ['no time zone', '2026-11-29T10:00'],
    ['a date alone', '2026-11-29'],
    ['a day February has not', '2026-02-31T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['the 31st of a 30-day month', '2026-04-31T00:00:00Z'],
    ['a thirteenth month', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-11-29T24:00:00Z'],
    ['minute 60', '2026-11-29T10:60:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset past 23 hours', '2026-11-29T10:00:00+24:00'],
    ['year 0, which PostgreSQL has not', '0000-01-01T00:00:00Z'],
    ['a word', 'yesterday'],
  ])('should refuse %s (%s)', (_what, value) => {
    expect(isTimestamp(value)).toBe(false);
  });

  it('should refuse what is not a string', () => {
    expect(isTimestamp(1_764_000_000_000)).toBe(false);
  });
});
