import { prorate, prorationOf } from './proration';

const at = (iso: string) => new Date(iso);

describe('proration', () => {
  it('should round each amount to the nearest minor unit, halves up, in integers', () => {
    expect(prorate(2900, 19, 30)).toBe(1837); // 1836.67
    expect(prorate(9900, 19, 30)).toBe(6270); // exact
    expect(prorate(1, 1, 2)).toBe(1); // 0.5 rounds up
    expect(prorate(999_999_999, 364, 365)).toBe(997_260_273); // 997,260,272.56: no float drift
  });

  it('should credit the old plan and charge the new one for the whole days left after the day of the change', () => {
    const period = { start: at('2026-11-01T00:00:00.000Z'), end: at('2026-12-01T00:00:00.000Z') };
    // 11 Nov 12:00: 19.5 days left, the half day of the change is paid at the old price.
    expect(prorationOf(period, at('2026-11-11T12:00:00.000Z'), 2900, 9900)).toEqual({
      periodDays: 30,
      remainingDays: 19,
      credit: -1837,
      charge: 6270,
    });
    // At the very start, the whole period is prorated; at its last day, nothing is.
    expect(prorationOf(period, period.start, 2900, 9900)).toMatchObject({
      remainingDays: 30,
      credit: -2900,
      charge: 9900,
    });
    expect(prorationOf(period, at('2026-11-30T18:00:00.000Z'), 2900, 9900)).toMatchObject({
      remainingDays: 0,
      credit: 0,
      charge: 0,
    });
  });
});
