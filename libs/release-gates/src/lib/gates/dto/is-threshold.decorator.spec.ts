import { isThreshold, THRESHOLD_TEXT_MAX_LENGTH } from './is-threshold.decorator';

describe('isThreshold', () => {
  it('should take a finite number, a boolean and a text up to the limit', () => {
    expect([0, -1.5, true, false, '1.2.0', 'x'.repeat(THRESHOLD_TEXT_MAX_LENGTH)].map(isThreshold)).toEqual(
      Array(6).fill(true),
    );
  });

  it('should refuse a longer text, a non-finite number, null, an object and an array', () => {
    expect(
      ['x'.repeat(THRESHOLD_TEXT_MAX_LENGTH + 1), Number.NaN, Number.POSITIVE_INFINITY, null, {}, []].map(isThreshold),
    ).toEqual(Array(6).fill(false));
  });
});
