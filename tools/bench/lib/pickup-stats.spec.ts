import { PickupSample, pipelineMeasurement } from './pickup-stats';

const T0 = 1_700_000_000_000;

function sample(occurredAfterMs: number, latencyMs?: number): PickupSample {
  return {
    occurredAtMs: T0 + occurredAfterMs,
    ...(latencyMs === undefined ? {} : { pickedAtMs: T0 + occurredAfterMs + latencyMs }),
  };
}

describe('pipelineMeasurement', () => {
  it('should give the pickup latency percentiles, the maximum and the mean, to a tenth of a millisecond', () => {
    const samples = Array.from({ length: 100 }, (_, i) => sample(i * 10, i + 1.04));
    expect(pipelineMeasurement(samples)).toMatchObject({
      events: 100,
      undelivered: 0,
      latencyP50Ms: 50,
      latencyP99Ms: 99,
      latencyMaxMs: 100,
      latencyMeanMs: 50.5,
    });
  });

  it('should count events consumed per second from the first commit to the last pickup', () => {
    // 11 events committed over 1 s, the last one taken 250 ms after its commit.
    const samples = Array.from({ length: 11 }, (_, i) => sample(i * 100, i === 10 ? 250 : 5));
    expect(pipelineMeasurement(samples)).toMatchObject({
      committedPerSecond: 11,
      eventsPerSecond: 8.8,
      drainMs: 250,
    });
  });

  it('should count events not taken as undelivered, and leave them out of the latency and the rate', () => {
    const measurement = pipelineMeasurement([sample(0, 10), sample(500, 30), sample(1000)]);
    expect(measurement).toMatchObject({ events: 3, undelivered: 1, latencyMaxMs: 30, eventsPerSecond: 3.8 });
  });

  it('should break Keel pickups into relay, queue and claim when the stages were recorded', () => {
    const keel: PickupSample[] = [
      { occurredAtMs: T0, relayedAtMs: T0 + 2, fetchedAtMs: T0 + 12, pickedAtMs: T0 + 13 },
      { occurredAtMs: T0 + 100, relayedAtMs: T0 + 104, fetchedAtMs: T0 + 2104, pickedAtMs: T0 + 2105.5 },
    ];
    expect(pipelineMeasurement(keel).stages).toEqual({
      relay: { p50Ms: 2, p99Ms: 4 },
      queue: { p50Ms: 10, p99Ms: 2000 },
      claim: { p50Ms: 1, p99Ms: 1.5 },
    });
    expect(pipelineMeasurement([sample(0, 1)]).stages).toBeUndefined();
  });

  it('should give the CPU per event when it was read', () => {
    const samples = [sample(0, 1), sample(10, 1), sample(20, 1), sample(30, 1)];
    expect(pipelineMeasurement(samples, 10).cpuMsPerEvent).toBe(2.5);
    expect(pipelineMeasurement(samples).cpuMsPerEvent).toBeUndefined();
  });

  it('should give zeros for a run without events', () => {
    expect(pipelineMeasurement([])).toMatchObject({
      events: 0,
      eventsPerSecond: 0,
      committedPerSecond: 0,
      latencyP50Ms: 0,
      drainMs: 0,
    });
  });
});
