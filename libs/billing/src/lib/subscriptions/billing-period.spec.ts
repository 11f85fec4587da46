import { addMonths, periodHolding } from './billing-period';

const at = (iso: string) => new Date(iso);

describe('billing periods', () => {
  it('should keep the day of the month, or take the last day of a shorter month', () => {
    expect(addMonths(at('2026-01-31T10:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(at('2028-01-31T10:00:00.000Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addMonths(at('2026-12-15T00:00:00.000Z'), 1).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('should answer the stored period while it lasts, then the monthly ones after it without drift', () => {
    const stored = { start: at('2026-01-10T00:00:00.000Z'), end: at('2026-01-31T00:00:00.000Z') };
    expect(periodHolding(stored, 'month', at('2026-01-20T00:00:00.000Z'))).toBe(stored);
    expect(periodHolding(stored, 'month', at('2026-03-30T00:00:00.000Z'))).toEqual({
      start: at('2026-02-28T00:00:00.000Z'),
      end: at('2026-03-31T00:00:00.000Z'),
    });
    expect(periodHolding(stored, 'month', at('2026-03-31T00:00:00.000Z'))).toEqual({
      start: at('2026-03-31T00:00:00.000Z'),
      end: at('2026-04-30T00:00:00.000Z'),
    });
    expect(periodHolding(stored, 'year', at('2027-02-01T00:00:00.000Z'))).toEqual({
      start: at('2027-01-31T00:00:00.000Z'),
      end: at('2028-01-31T00:00:00.000Z'),
    });
  });
});
