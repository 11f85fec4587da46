import { renderResultsTable } from './results-table';
import type { ScenarioResult } from './scenario-result';

describe('renderResultsTable', () => {
  it('should render one Markdown row per scenario with both targets and the ratio', () => {
    const result: ScenarioResult = {
      scenario: 'liveness',
      description: 'the floor',
      distinctPaths: 1,
      rounds: { keel: [], baseline: [] },
      keel: { requestsPerSecond: 1600, latencyP50Ms: 5, latencyP99Ms: 20 },
      baseline: { requestsPerSecond: 4000, latencyP50Ms: 2, latencyP99Ms: 9 },
      ratio: 0.4,
    };
    const lines = renderResultsTable([result]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\| scenario +\| Keel req\/s \| Keel p50 \| Keel p99 \| baseline req\/s \|/);
    expect(lines[2].split('|').map((cell) => cell.trim())).toEqual([
      '',
      'liveness',
      '1600',
      '5 ms',
      '20 ms',
      '4000',
      '2 ms',
      '9 ms',
      '0.40',
      '',
    ]);
  });
});
