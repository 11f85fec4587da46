import type { Criterion } from '../gates/criterion';
import {
  absoluteOutcome,
  baselineOf,
  evaluateCriterion,
  factAt,
  holds,
  median,
  regressionPercent,
  verdictOf,
  weightedScore,
} from './evaluation-rules';

const NOW = new Date('2026-12-07T12:00:00Z');

const failures: Criterion = {
  key: 'tests-failures',
  title: 'No failing tests',
  evidenceType: 'junit',
  fact: 'failures',
  operator: '==',
  pass: 0,
  weight: 2,
  required: true,
};

const junit = (facts: Record<string, unknown>, collectedAt = NOW) => ({
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11',
  type: 'junit',
  source: 'https://ci.example.com/runs/123',
  collectedAt,
  facts,
});

describe('evaluation rules', () => {
  describe('operators', () => {
    it('should compare numbers with every ordering operator', () => {
      expect(holds(3, '<', 4)).toBe(true);
      expect(holds(4, '<', 4)).toBe(false);
      expect(holds(4, '<=', 4)).toBe(true);
      expect(holds(5, '>', 4)).toBe(true);
      expect(holds(4, '>=', 4)).toBe(true);
      expect(holds(3, '>=', 4)).toBe(false);
    });

    it('should compare strings and booleans only for equality', () => {
      expect(holds('release-manager', '==', 'release-manager')).toBe(true);
      expect(holds(true, '!=', false)).toBe(true);
      expect(holds('10', '<', 20)).toBeUndefined();
      expect(holds({ a: 1 }, '==', 1)).toBeUndefined();
    });

    it('should warn when the pass threshold is missed but the warn threshold is met', () => {
      expect(absoluteOutcome(84, '>=', 80, 70)).toBe('pass');
      expect(absoluteOutcome(75, '>=', 80, 70)).toBe('warn');
      expect(absoluteOutcome(65, '>=', 80, 70)).toBe('fail');
      expect(absoluteOutcome(65, '>=', 80)).toBe('fail');
    });
  });

  describe('facts', () => {
    it('should read a dotted path, or a key holding the whole path', () => {
      expect(factAt({ http_req_duration: { p99: 812 } }, 'http_req_duration.p99')).toBe(812);
      expect(factAt({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
      expect(factAt({ list: [10, 20] }, 'list.1')).toBe(20);
      expect(factAt({ a: 1 }, 'a.b')).toBeUndefined();
      expect(factAt({}, 'constructor')).toBeUndefined();
    });
  });

  describe('score and verdict', () => {
    it('should weight each outcome: pass and waived whole, warn half, fail and not measured nothing', () => {
      expect(
        weightedScore([
          { outcome: 'pass', weight: 2 },
          { outcome: 'warn', weight: 1 },
          { outcome: 'fail', weight: 1 },
        ]),
      ).toBe(62.5);
      expect(weightedScore([{ outcome: 'waived', weight: 1 }])).toBe(100);
      expect(weightedScore([])).toBe(0);
    });

    it('should fail on a required failure, be incomplete on a required criterion not measured, and warn otherwise', () => {
      expect(
        verdictOf([
          { outcome: 'fail', required: true },
          { outcome: 'not_measured', required: true },
        ]),
      ).toBe('fail');
      expect(
        verdictOf([
          { outcome: 'pass', required: true },
          { outcome: 'not_measured', required: true },
        ]),
      ).toBe('incomplete');
      expect(
        verdictOf([
          { outcome: 'pass', required: true },
          { outcome: 'fail', required: false },
        ]),
      ).toBe('warn');
      expect(
        verdictOf([
          { outcome: 'pass', required: true },
          { outcome: 'warn', required: true },
        ]),
      ).toBe('warn');
      expect(
        verdictOf([
          { outcome: 'pass', required: true },
          { outcome: 'waived', required: true },
        ]),
      ).toBe('pass');
      expect(verdictOf([{ outcome: 'not_measured', required: false }])).toBe('pass');
    });
  });

  describe('one criterion', () => {
    it('should fail with the value, the rule and the evidence in its reason', () => {
      const result = evaluateCriterion({
        criterion: failures,
        evidence: junit({ failures: 3 }),
        earlierValues: [],
        waiver: undefined,
        now: NOW,
      });
      expect(result).toMatchObject({
        outcome: 'fail',
        value: 3,
        evidenceIds: ['0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11'],
      });
      expect(result.reason).toBe('failures = 3, must be == 0 (junit from https://ci.example.com/runs/123)');
    });

    it('should call a criterion without evidence not measured, never failed', () => {
      const result = evaluateCriterion({
        criterion: failures,
        evidence: undefined,
        earlierValues: [],
        waiver: undefined,
        now: NOW,
      });
      expect(result).toMatchObject({
        outcome: 'not_measured',
        value: null,
        reason: 'no junit evidence for this release',
      });
    });

    it('should call evidence older than maxAgeHours not measured', () => {
      const stale = evaluateCriterion({
        criterion: { ...failures, maxAgeHours: 24 },
        evidence: junit({ failures: 0 }, new Date('2026-12-05T12:00:00Z')),
        earlierValues: [],
        waiver: undefined,
        now: NOW,
      });
      expect(stale.outcome).toBe('not_measured');
      expect(stale.reason).toContain('48 hours ago, more than maxAgeHours 24');
    });

    it('should turn a failure into waived under an active waiver, but leave a pass alone', () => {
      const waiver = { id: 'w1', expiresAt: new Date('2027-01-01T00:00:00Z'), reason: 'known flaky suite' };
      const failed = evaluateCriterion({
        criterion: failures,
        evidence: junit({ failures: 1 }),
        earlierValues: [],
        waiver,
        now: NOW,
      });
      expect(failed.outcome).toBe('waived');
      expect(failed.reason).toContain('waived until 2027-01-01T00:00:00.000Z by waiver w1: known flaky suite');
      const passed = evaluateCriterion({
        criterion: failures,
        evidence: junit({ failures: 0 }),
        earlierValues: [],
        waiver,
        now: NOW,
      });
      expect(passed.outcome).toBe('pass');
    });
  });

  describe('relative criteria', () => {
    const p95: Criterion = {
      key: 'transition-p95',
      title: 'Transition p95',
      evidenceType: 'bench',
      fact: 'p95',
      operator: '<=',
      pass: 1000,
      weight: 1,
      required: true,
      relativeTo: { baseline: 'last-passing', window: 5, maxRegressionPercent: 20 },
    };
    const bench = (value: number) => ({ ...junit({ p95: value }), type: 'bench' });

    it('should take the median and the population standard deviation of the baseline', () => {
      expect(median([100, 120, 110])).toBe(110);
      expect(median([100, 120, 110, 130])).toBe(115);
      expect(baselineOf(110, [100, 110, 120])).toEqual({ median: 110, n: 3, zScore: 0, anomaly: false });
      expect(baselineOf(200, [100, 110, 120]).zScore).toBeCloseTo(11.02, 2);
      expect(baselineOf(200, [100, 100]).zScore).toBeNull();
    });

    it('should measure regression in the direction the operator calls worse', () => {
      expect(regressionPercent(132, 110, '<=')).toBeCloseTo(20, 5);
      expect(regressionPercent(90, 110, '<=')).toBe(0);
      expect(regressionPercent(80, 100, '>=')).toBe(20);
      expect(regressionPercent(1, 1, '==')).toBeUndefined();
    });

    it('should fail a value that passes the absolute threshold but regressed past the allowed percent, and flag it', () => {
      const result = evaluateCriterion({
        criterion: p95,
        evidence: bench(200),
        earlierValues: [100, 110, 120],
        waiver: undefined,
        now: NOW,
      });
      expect(result.outcome).toBe('fail');
      expect(result.baseline).toEqual({ median: 110, n: 3, zScore: 11.02 });
      expect(result.anomaly).toBe(true);
      expect(result.reason).toContain(
        '81.8 % worse than the median 110 of the last 3 passing release(s), more than 20 %',
      );
    });

    it('should pass a value within the allowed regression and flag it only beyond three standard deviations', () => {
      const within = evaluateCriterion({
        criterion: p95,
        evidence: bench(115),
        earlierValues: [100, 110, 120],
        waiver: undefined,
        now: NOW,
      });
      expect(within).toMatchObject({ outcome: 'pass', anomaly: false, baseline: { median: 110, n: 3 } });
      const improved = evaluateCriterion({
        criterion: p95,
        evidence: bench(50),
        earlierValues: [100, 110, 120],
        waiver: undefined,
        now: NOW,
      });
      expect(improved).toMatchObject({ outcome: 'pass', anomaly: true });
    });

    it('should say so when no earlier passing release exists', () => {
      const result = evaluateCriterion({
        criterion: p95,
        evidence: bench(200),
        earlierValues: [],
        waiver: undefined,
        now: NOW,
      });
      expect(result.outcome).toBe('pass');
      expect(result.baseline).toBeUndefined();
      expect(result.reason).toContain('no earlier passing release to compare with');
    });
  });
});
