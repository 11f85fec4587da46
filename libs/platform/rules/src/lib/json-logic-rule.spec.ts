import { ruleHolds, ruleProblem } from './json-logic-rule';

const NOT_A_RULE = 'a rule is a JSON-logic expression: an object with exactly one operator key';

describe('ruleProblem', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a comparison', { '==': [{ var: 'project.state' }, 'In review'] }],
    ['a unary operator without an array', { '!!': { var: 'comment' } }],
    ['nested and/or', { and: [{ or: [true, { '>': [{ var: 'project.version' }, 1] }] }, { '!': [false] }] }],
    ['an if with else', { if: [{ var: 'project.archived' }, false, true] }],
    ['the ternary operator', { '?:': [true, 1, 2] }],
    ['array operators with a scoped rule', { some: [{ var: 'items' }, { '==': [{ var: '' }, 1] }] }],
    ['reduce', { reduce: [[1, 2], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }],
    ['missing_some', { missing_some: [1, ['project.name', 'project.description']] }],
    ['string operators', { in: ['urgent', { cat: [{ var: 'project.name' }, { substr: ['x', 0, 1] }] }] }],
  ])('should accept %s', (_what, rule) => {
    expect(ruleProblem(rule)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'project.state'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [{ '==': [1, 1] }]],
    ['an empty object', {}],
    ['an object with two operator keys', { '==': [1, 1], '!=': [1, 2] }],
  ])('should refuse %s as a rule', (_what, rule) => {
    expect(ruleProblem(rule)).toEqual({ at: '', message: NOT_A_RULE });
  });

  it('should refuse an unknown operator at the top', () => {
    expect(ruleProblem({ bogus: [1] })).toEqual({ at: '', message: 'unknown JSON-logic operator "bogus"' });
  });

  it('should find an unknown operator behind a short-circuit, at its path', () => {
    expect(ruleProblem({ and: [false, { bogus: [1] }] })).toEqual({
      at: '.and[1]',
      message: 'unknown JSON-logic operator "bogus"',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['==', { '==': [1, { bogus: 1 }] }, "['=='][1]"],
    ['! without an array', { '!': { bogus: 1 } }, "['!']"],
    ['?:', { '?:': [true, { bogus: 1 }, 2] }, "['?:'][1]"],
    ['nested symbols', { or: [{ '!': [{ '>=': [1, { bogus: 1 }] }] }] }, ".or[0]['!'][0]['>='][1]"],
    ['a name with an underscore', { missing_some: [1, { bogus: 1 }] }, '.missing_some[1]'],
  ])('should give operator %s a path in the usual notation', (_what, rule, at) => {
    expect(ruleProblem(rule)).toEqual({ at, message: 'unknown JSON-logic operator "bogus"' });
  });

  it('should refuse the log operator wherever it is', () => {
    expect(ruleProblem({ log: 1 })).toEqual({ at: '', message: 'unknown JSON-logic operator "log"' });
    expect(ruleProblem({ '==': [{ log: { var: 'comment' } }, 'x'] })).toEqual({
      at: "['=='][0]",
      message: 'unknown JSON-logic operator "log"',
    });
  });

  it('should report only the first problem, in document order', () => {
    expect(ruleProblem({ or: [{ first: 1 }, { second: 2 }] })).toEqual({
      at: '.or[0]',
      message: 'unknown JSON-logic operator "first"',
    });
  });
});

describe('ruleHolds', () => {
  const project = {
    id: 'p1',
    key: 'KEEL-1',
    name: 'Launch',
    description: 'Ship the first release.',
    state: 'In review',
    stateCategory: 'in_progress',
    workflowVersion: 1,
    version: 4,
    archived: false,
  };

  it('should be true when the rule holds for the project', () => {
    expect(ruleHolds({ '==': [{ var: 'project.state' }, 'In review'] }, { project, comment: null })).toBe(true);
    expect(ruleHolds({ '>=': [{ var: 'project.version' }, 4] }, { project, comment: null })).toBe(true);
  });

  it('should be false when the rule does not hold for the project', () => {
    expect(ruleHolds({ '==': [{ var: 'project.state' }, 'Done'] }, { project, comment: null })).toBe(false);
    expect(
      ruleHolds(
        { '!=': [{ var: 'project.description' }, ''] },
        { project: { ...project, description: '' }, comment: null },
      ),
    ).toBe(false);
  });

  it('should read the comment', () => {
    const mentionsApproval = { in: ['approved', { var: 'comment' }] };
    expect(ruleHolds(mentionsApproval, { project, comment: 'QA approved it' })).toBe(true);
    expect(ruleHolds(mentionsApproval, { project, comment: 'not yet' })).toBe(false);
    expect(ruleHolds(mentionsApproval, { project, comment: null })).toBe(false);
  });

  it('should take a result by JSON-logic truthiness', () => {
    expect(ruleHolds({ var: 'comment' }, { project, comment: '' })).toBe(false);
    expect(ruleHolds({ var: 'comment' }, { project, comment: 'yes' })).toBe(true);
    expect(ruleHolds({ merge: [] }, { project, comment: null })).toBe(false);
  });

  it('should be false, not a throw, when evaluating the rule throws', () => {
    expect(() => ruleHolds({ bogus: [1] }, { project, comment: null })).not.toThrow();
    expect(ruleHolds({ bogus: [1] }, { project, comment: null })).toBe(false);
    expect(ruleHolds({ and: [true, { bogus: [1] }] }, { project, comment: null })).toBe(false);
  });
});
