import { latencySummary, loopMeasurement, percentile, TimedOperation } from './loop-stats';

function operation(startedAtMs: number, finishedAtMs: number, succeeded = true): TimedOperation {
  return { startedAtMs, finishedAtMs, succeeded };
}

describe('percentile', () => {
  it('should take the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('should be 0 for no values', () => {
    expect(percentile([], 50)).toBe(0);
  });
});

describe('loopMeasurement', () => {
  it('should give the mean of one-second samples, as autocannon does for requests', () => {
    const operations = [operation(0, 100), operation(0, 900), operation(900, 1500), operation(1500, 1999)];
    expect(loopMeasurement(operations, 2).requestsPerSecond).toBe(2);
  });

  it('should leave out operations that finished after the duration', () => {
    const measurement = loopMeasurement([operation(0, 500), operation(900, 1200)], 1);
    expect(measurement.requests).toBe(1);
    expect(measurement.requestsPerSecond).toBe(1);
  });

  it('should report latencies in whole milliseconds', () => {
    const operations = [operation(0, 40.4), operation(40, 80.6), operation(80, 130)];
    expect(loopMeasurement(operations, 1)).toMatchObject({ latencyP50Ms: 41, latencyP99Ms: 50 });
  });

  it('should count operations that answered no like non-2xx responses', () => {
    expect(loopMeasurement([operation(0, 10, false), operation(10, 20)], 1, 3)).toMatchObject({
      non2xx: 1,
      errors: 3,
      requests: 2,
    });
  });

  it('should give the CPU per operation over every operation the CPU reading covers', () => {
    const operations = [operation(0, 500), operation(0, 900), operation(900, 1200), operation(900, 1300)];
    expect(loopMeasurement(operations, 1, 0, 100).cpuMsPerRequest).toBe(25);
    expect(loopMeasurement(operations, 1).cpuMsPerRequest).toBeUndefined();
  });
});

describe('latencySummary', () => {
  it('should summarise every operation given, late ones included', () => {
    const operations = [operation(0, 10), operation(10, 30), operation(900, 1900)];
    expect(latencySummary(operations)).toEqual({ latencyP50Ms: 20, latencyP99Ms: 1000, latencyMeanMs: 343.33 });
  });
});
