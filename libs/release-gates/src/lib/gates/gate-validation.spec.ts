import { GATE_TEMPLATES } from '../templates/gate-templates';
import { canonicalJson } from '@keel/platform-crypto';
import { contentHashOf, CriterionDraft, criteriaProblems, normalizedCriteria } from './gate-validation';

const good: CriterionDraft = {
  key: 'tests-failures',
  title: 'No failing tests',
  evidenceType: 'junit',
  fact: 'failures',
  operator: '==',
  pass: 0,
};

describe('gate validation', () => {
  it('should accept a well-formed criterion and fill in weight 1 and required', () => {
    expect(criteriaProblems([good])).toEqual([]);
    expect(normalizedCriteria([good])).toEqual([{ ...good, weight: 1, required: true }]);
  });

  it('should report an unknown evidence type, an unknown operator and a bad path at their JSON paths', () => {
    const problems = criteriaProblems([
      { ...good, evidenceType: 'junitt' },
      { ...good, key: 'b', operator: '=>' },
      { ...good, key: 'c', fact: 'results..error' },
    ]);
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.criteria[0].evidenceType',
      '$.criteria[1].operator',
      '$.criteria[2].fact',
    ]);
  });

  it('should refuse a non-number threshold for an ordering operator, a duplicate key and a relative equality', () => {
    const problems = criteriaProblems([
      { ...good, operator: '>=', pass: '80' },
      { ...good, relativeTo: { baseline: 'last-passing', window: 3, maxRegressionPercent: 10 } },
    ]);
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.criteria[0].pass',
      '$.criteria[1].key',
      '$.criteria[1].relativeTo',
    ]);
  });

  it('should hash the same criteria the same whatever the key order, and different criteria differently', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const criteria = normalizedCriteria([good]);
    const reordered = normalizedCriteria([
      {
        pass: 0,
        operator: '==',
        fact: 'failures',
        evidenceType: 'junit',
        title: 'No failing tests',
        key: 'tests-failures',
      },
    ]);
    expect(contentHashOf(reordered)).toBe(contentHashOf(criteria));
    expect(contentHashOf(normalizedCriteria([{ ...good, pass: 1 }]))).not.toBe(contentHashOf(criteria));
    expect(contentHashOf(criteria)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('should ship twelve templates, S00 to S11, each valid', () => {
    expect(GATE_TEMPLATES.map((template) => template.key)).toEqual(
      Array.from({ length: 12 }, (_, index) => `S${String(index).padStart(2, '0')}`),
    );
    for (const template of GATE_TEMPLATES) expect(criteriaProblems(template.criteria)).toEqual([]);
  });
});
