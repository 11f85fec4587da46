import type { Measurement } from './measure';
import { scenarioResult } from './scenario-result';

function measurement(requestsPerSecond: number, latencyP50Ms: number, latencyP99Ms: number): Measurement {
  return {
    requestsPerSecond,
    latencyP50Ms,
    latencyP99Ms,
    latencyMeanMs: latencyP50Ms,
    requests: requestsPerSecond * 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    durationSeconds: 10,
  };
}

describe('scenarioResult', () => {
  const scenario = { name: 'liveness', description: 'the floor' };

  it('should summarise each target by the median of its rounds, so one disturbed round does not count', () => {
    const result = scenarioResult(scenario, 1, {
      keel: [measurement(900, 5, 20), measurement(100, 50, 400), measurement(1000, 4, 18)],
      baseline: [measurement(2000, 2, 9), measurement(2100, 2, 8), measurement(1900, 3, 10)],
    });
    expect(result.keel).toEqual({ requestsPerSecond: 900, latencyP50Ms: 5, latencyP99Ms: 20 });
    expect(result.baseline).toEqual({ requestsPerSecond: 2000, latencyP50Ms: 2, latencyP99Ms: 9 });
  });

  it('should give the ratio of Keel req/s to baseline req/s', () => {
    const result = scenarioResult(scenario, 1, {
      keel: [measurement(1500, 5, 20), measurement(1700, 5, 20)],
      baseline: [measurement(4000, 2, 9), measurement(4000, 2, 9)],
    });
    expect(result.keel.requestsPerSecond).toBe(1600);
    expect(result.ratio).toBe(0.4);
  });
});
