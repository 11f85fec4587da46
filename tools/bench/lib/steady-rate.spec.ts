import { dueAtMs, steadyRate } from './steady-rate';

describe('steadyRate', () => {
  it('should offer the configured rate when there is one', () => {
    expect(steadyRate(40, 1000)).toBe(40);
  });

  it('should otherwise offer a fifth of what the target served flat out', () => {
    expect(steadyRate(0, 512)).toBe(102);
  });

  it('should offer at least one request per second', () => {
    expect(steadyRate(0, 2)).toBe(1);
  });
});

describe('dueAtMs', () => {
  it('should space requests evenly over each second', () => {
    expect([0, 1, 2, 50].map((index) => dueAtMs(index, 50))).toEqual([0, 20, 40, 1000]);
  });
});
