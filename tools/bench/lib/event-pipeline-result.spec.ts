import { describePace, pipelinePhaseResult, summarisePipeline } from './event-pipeline-result';
import type { PipelineMeasurement } from './pickup-stats';

function run(eventsPerSecond: number, latencyP50Ms: number, extra: Partial<PipelineMeasurement> = {}) {
  return {
    events: 500,
    undelivered: 0,
    committedPerSecond: eventsPerSecond,
    eventsPerSecond,
    drainMs: 10,
    latencyP50Ms,
    latencyP99Ms: latencyP50Ms * 3,
    latencyMaxMs: latencyP50Ms * 5,
    latencyMeanMs: latencyP50Ms,
    ...extra,
  };
}

describe('summarisePipeline', () => {
  it('should take the median of the rounds, so one disturbed round does not count', () => {
    const summary = summarisePipeline([run(50, 12), run(20, 900), run(49.5, 11)]);
    expect(summary).toEqual({
      committedPerSecond: 49.5,
      eventsPerSecond: 49.5,
      latencyP50Ms: 12,
      latencyP99Ms: 36,
      latencyMaxMs: 60,
      drainMs: 10,
      undelivered: 0,
    });
  });

  it('should add up undelivered events over the rounds: one is a failure of the pipeline', () => {
    expect(summarisePipeline([run(50, 12, { undelivered: 2 }), run(50, 12, { undelivered: 1 })]).undelivered).toBe(3);
  });

  it('should give the CPU per event only when every round read it', () => {
    expect(summarisePipeline([run(50, 1, { cpuMsPerEvent: 0.4 }), run(50, 1, { cpuMsPerEvent: 0.6 })])).toMatchObject({
      cpuMsPerEvent: 0.5,
    });
    expect(summarisePipeline([run(50, 1, { cpuMsPerEvent: 0.4 }), run(50, 1)]).cpuMsPerEvent).toBeUndefined();
  });
});

describe('pipelinePhaseResult', () => {
  it("should give Keel's events/s and pickup p50 over the baseline's", () => {
    const phase = pipelinePhaseResult({ kind: 'flat-out', concurrency: 50 }, 2000, {
      keel: [run(150, 40)],
      baseline: [run(600, 2.5)],
    });
    expect(phase).toMatchObject({ eventsPerRound: 2000, throughputRatio: 0.25, latencyP50Ratio: 16 });
  });
});

describe('describePace', () => {
  it('should name the rate of a steady phase and the senders of a flat-out one', () => {
    expect(describePace({ kind: 'steady', ratePerSecond: 50 })).toBe('steady 50/s');
    expect(describePace({ kind: 'flat-out', concurrency: 50 })).toBe('flat out ×50');
  });
});
