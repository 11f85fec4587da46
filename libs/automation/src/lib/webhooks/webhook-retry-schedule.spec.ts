import { retryDelayAfter, WEBHOOK_MAX_ATTEMPTS } from './webhook-retry-schedule';

describe('the webhook retry schedule', () => {
  it('should wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after attempts 1 to 7 fail', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelayAfter)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it('should give up after the eighth attempt, and after any manual attempt beyond it', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(retryDelayAfter(8)).toBeNull();
    expect(retryDelayAfter(12)).toBeNull();
  });

  it('should refuse an attempt number that is not a whole number from 1', () => {
    expect(() => retryDelayAfter(0)).toThrow(RangeError);
    expect(() => retryDelayAfter(1.5)).toThrow(RangeError);
  });
});
