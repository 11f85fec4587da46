import { evaluationReport } from './evaluation-report';
import { Evaluation, Verdict } from './keel-wire';

function evaluationWith(verdict: Verdict, outcomes: Array<[string, string, string]>): Evaluation {
  return {
    id: 'ev-1',
    gate: { id: 'g-1', key: 's01-ci', version: 2 },
    release: { id: 'r-1', product: 'keel', version: '1.4.0' },
    verdict,
    score: 50,
    criteria: outcomes.map(([key, outcome, reason]) => ({ key, outcome, reason })),
  };
}

describe('evaluationReport', () => {
  it.each([
    ['pass', 0],
    ['warn', 0],
    ['fail', 1],
    ['incomplete', 1],
  ] as const)('should exit %s with %i', (verdict, exitCode) => {
    expect(evaluationReport(evaluationWith(verdict, [])).exitCode).toBe(exitCode);
  });

  it('should print each criterion with its outcome and reason, then the verdict and score', () => {
    const report = evaluationReport(
      evaluationWith('fail', [
        ['no-failing-tests', 'fail', 'failures = 3, must be == 0 (junit from https://ci.example.com/runs/7)'],
        ['line-coverage', 'pass', 'lines = 91.5, must be >= 80 (coverage)'],
      ]),
    );

    expect(report.lines).toEqual([
      'gate s01-ci v2 on release keel 1.4.0 (evaluation ev-1)',
      '  FAIL  no-failing-tests  failures = 3, must be == 0 (junit from https://ci.example.com/runs/7)',
      '  PASS  line-coverage     lines = 91.5, must be >= 80 (coverage)',
      'verdict: FAIL (score 50)',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('should warn on stderr when the verdict is warn', () => {
    const report = evaluationReport(evaluationWith('warn', [['line-coverage', 'warn', 'lines = 78, warn below 80']]));

    expect(report.warnings).toEqual(['keel-gate: warning: gate s01-ci passed with warnings (verdict warn)']);
  });

  it('should name the criteria not measured when the verdict is incomplete', () => {
    const report = evaluationReport(
      evaluationWith('incomplete', [
        ['no-failing-tests', 'pass', 'failures = 0, must be == 0'],
        ['no-sarif-errors', 'not_measured', 'no sarif evidence for this release'],
      ]),
    );

    expect(report.lines.at(-1)).toBe('not measured: no-sarif-errors: upload their evidence');
  });
});
