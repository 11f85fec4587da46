import { renderResultsTable } from './results-table';
import { EventPipelineResult, pipelinePhaseResult } from './event-pipeline-result';
import type { PipelineMeasurement } from './pickup-stats';
import type { ScenarioResult, UnderLoadResult, UnderLoadSide } from './scenario-result';

describe('renderResultsTable', () => {
  it('should render one Markdown row per scenario with both targets, their CPU per request (– when unread) and the ratio', () => {
    const result: ScenarioResult = {
      kind: 'versus-baseline',
      scenario: 'liveness',
      description: 'the floor',
      distinctPaths: 1,
      rounds: { keel: [], baseline: [] },
      keel: { requestsPerSecond: 1600, latencyP50Ms: 5, latencyP99Ms: 20, cpuMsPerRequest: 0.4 },
      baseline: { requestsPerSecond: 4000, latencyP50Ms: 2, latencyP99Ms: 9 },
      ratio: 0.4,
    };
    const lines = renderResultsTable([result]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\| scenario +\| Keel req\/s \| Keel p50 \| Keel p99 \| Keel CPU\/req \| baseline req\/s \|/,
    );
    expect(lines[2].split('|').map((cell) => cell.trim())).toEqual([
      '',
      'liveness',
      '1600',
      '5 ms',
      '20 ms',
      '0.40 ms',
      '4000',
      '2 ms',
      '9 ms',
      '–',
      '0.40',
      '',
    ]);
  });

  const signIn: ScenarioResult = {
    kind: 'versus-argon2id',
    scenario: 'sign-in',
    description: 'login',
    distinctPaths: 50,
    rounds: { keel: [], baseline: [] },
    keel: { requestsPerSecond: 40, latencyP50Ms: 190, latencyP99Ms: 400 },
    baseline: { requestsPerSecond: 50, latencyP50Ms: 160, latencyP99Ms: 170 },
    ratio: 0.8,
  };

  const side = (
    backgroundLabel: string,
    alone: [number, number],
    loaded: [number, number],
    background: number,
    p99Ratio: number,
  ): UnderLoadSide => ({
    backgroundLabel,
    rounds: { alone: [], loaded: [], background: [] },
    alone: { requestsPerSecond: 160, latencyP50Ms: alone[0], latencyP99Ms: alone[1] },
    loaded: { requestsPerSecond: 150, latencyP50Ms: loaded[0], latencyP99Ms: loaded[1] },
    background: { requestsPerSecond: background, latencyP50Ms: 200, latencyP99Ms: 500 },
    p99Ratio,
  });

  const meDuringSignIn: UnderLoadResult = {
    kind: 'under-load',
    scenario: 'me-during-sign-in',
    description: 'me while signing in',
    distinctPaths: 50,
    offeredRatePerSecond: 160,
    keel: side('sign-ins', [6, 90], [150, 450], 35, 5),
    baseline: side('argon2id verifies', [3, 10], [8, 30], 80, 3),
  };

  it('should mark a row whose floor is the argon2id loop and say what that floor is under the table', () => {
    const lines = renderResultsTable([signIn]).split('\n');
    expect(lines[2]).toMatch(/^\| sign-in ¹ /);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^¹ baseline = the raw argon2id verify loop/);
  });

  it('should put a scenario under load in a table of its own: the offered rate, alone beside loaded, Keel then baseline', () => {
    const [versus, underLoad] = renderResultsTable([signIn, meDuringSignIn])
      .split('\n\n')
      .filter((part) => part.startsWith('|'));
    expect(versus.split('\n')).toHaveLength(3);
    const lines = underLoad.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^\| scenario +\| target +\| offered +\| alone req\/s \| alone p50 \| alone p99 \| loaded req\/s \|/,
    );
    const cells = (line: string) => line.split('|').map((cell) => cell.trim());
    expect(cells(lines[2])).toEqual([
      '',
      'me-during-sign-in',
      'Keel',
      '160 req/s',
      '160',
      '6 ms',
      '90 ms',
      '150',
      '150 ms',
      '450 ms',
      '35 sign-ins/s',
      '5.00',
      '',
    ]);
    expect(cells(lines[3]).slice(2, 4)).toEqual(['baseline', '160 req/s']);
    expect(cells(lines[3])[10]).toBe('80 argon2id verifies/s');
  });

  it('should leave out the first table when only a scenario under load ran', () => {
    expect(renderResultsTable([meDuringSignIn]).split('\n')[0]).toMatch(/^\| scenario +\| target +\| offered /);
  });

  const pipelineRun = (eventsPerSecond: number, p50: number, undelivered = 0): PipelineMeasurement => ({
    events: 500,
    undelivered,
    committedPerSecond: eventsPerSecond,
    eventsPerSecond,
    drainMs: 5,
    latencyP50Ms: p50,
    latencyP99Ms: p50 * 4,
    latencyMaxMs: p50 * 10,
    latencyMeanMs: p50,
  });

  const pipeline: EventPipelineResult = {
    kind: 'event-pipeline',
    scenario: 'event-pipeline',
    description: 'commit to consumer',
    distinctPaths: 400,
    consumer: 'automation.rules',
    targetP50Ms: 50,
    phases: [
      pipelinePhaseResult({ kind: 'steady', ratePerSecond: 50 }, 500, {
        keel: [pipelineRun(49.5, 12.5)],
        baseline: [pipelineRun(50, 2.5)],
      }),
      pipelinePhaseResult({ kind: 'flat-out', concurrency: 50 }, 2000, {
        keel: [pipelineRun(150, 400, 3)],
        baseline: [pipelineRun(600, 20)],
      }),
    ],
  };

  it('should put the event pipeline in a table of its own, a row per phase, with both ratios and what pickup means', () => {
    const parts = renderResultsTable([signIn, pipeline]).split('\n\n');
    expect(parts).toHaveLength(4);
    const lines = parts[2].split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| scenario +\| phase +\| events \| Keel events\/s +\| Keel pickup p50 \|/);
    const cells = (line: string) => line.split('|').map((cell) => cell.trim());
    expect(cells(lines[2])).toEqual([
      '',
      'event-pipeline',
      'steady 50/s',
      '500',
      '49.5',
      '12.5 ms',
      '50 ms',
      '125 ms',
      '50',
      '2.5 ms',
      '10 ms',
      '25 ms',
      '0.99',
      '5.00',
      '',
    ]);
    expect(cells(lines[3]).slice(2, 5)).toEqual(['flat out ×50', '2000', '150 (3 lost ²)']);
    expect(parts[3]).toMatch(/^Pickup = commit → automation.rules's claim/);
    expect(parts[3]).toMatch(/² events not consumed/);
  });
});
