import type { Measurement } from './measure';
import { scenarioResult, summarise, underLoadResult, underLoadSide } from './scenario-result';

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
  const scenario = { name: 'liveness', description: 'the floor', kind: 'versus-baseline' as const };

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

  it('should keep what the floor was', () => {
    const rounds = { keel: [measurement(40, 200, 400)], baseline: [measurement(50, 160, 170)] };
    const result = scenarioResult({ name: 'sign-in', description: 'argon2id', kind: 'versus-argon2id' }, 1, rounds);
    expect(result).toMatchObject({ kind: 'versus-argon2id', ratio: 0.8 });
  });
});

describe('underLoadSide', () => {
  it('should summarise alone, loaded and the second load each by the median of their rounds', () => {
    const side = underLoadSide('sign-ins', {
      alone: [measurement(160, 5, 20), measurement(160, 6, 18), measurement(150, 40, 900)],
      loaded: [measurement(158, 60, 140), measurement(155, 70, 150), measurement(159, 55, 130)],
      background: [measurement(40, 180, 250), measurement(42, 170, 240), measurement(38, 190, 260)],
    });
    expect(side.alone).toEqual({ requestsPerSecond: 160, latencyP50Ms: 6, latencyP99Ms: 20 });
    expect(side.loaded).toEqual({ requestsPerSecond: 158, latencyP50Ms: 60, latencyP99Ms: 140 });
    expect(side.background.requestsPerSecond).toBe(40);
    expect(side.backgroundLabel).toBe('sign-ins');
  });

  it('should give the p99 under load over the p99 alone', () => {
    const side = underLoadSide('sign-ins', {
      alone: [measurement(160, 5, 80)],
      loaded: [measurement(160, 100, 200)],
      background: [measurement(40, 180, 250)],
    });
    expect(side.p99Ratio).toBe(2.5);
  });
});

describe('underLoadResult', () => {
  it('should keep the offered rate and both sides', () => {
    const rounds = { alone: [measurement(160, 5, 8)], loaded: [measurement(160, 9, 12)], background: [] };
    const keel = underLoadSide('sign-ins', rounds);
    const baseline = underLoadSide('argon2id verifies', rounds);
    const result = underLoadResult({ name: 'me-during-sign-in', description: 'me' }, 50, 160, { keel, baseline });
    expect(result).toMatchObject({ kind: 'under-load', offeredRatePerSecond: 160, keel, baseline });
  });
});

describe('summarise', () => {
  const round = (requestsPerSecond: number, cpuMsPerRequest?: number): Measurement => ({
    requestsPerSecond,
    latencyP50Ms: 1,
    latencyP99Ms: 2,
    latencyMeanMs: 1,
    requests: requestsPerSecond * 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    durationSeconds: 10,
    ...(cpuMsPerRequest === undefined ? {} : { cpuMsPerRequest }),
  });

  it('should give the median CPU per request of the rounds', () => {
    expect(summarise([round(100, 0.5), round(90, 0.7), round(95, 0.45)]).cpuMsPerRequest).toBe(0.5);
  });

  it('should leave the CPU out when a round could not read it, rather than summarise some rounds only', () => {
    expect(summarise([round(100, 0.5), round(90)])).not.toHaveProperty('cpuMsPerRequest');
  });
});
