import { policyProblems } from './policy-document';

describe('policyProblems', () => {
  it('should accept rules with globs, principals, a condition and budgets', () => {
    expect(
      policyProblems({
        rules: [
          { id: 'reads', effect: 'permit', tools: ['@readOnly'] },
          {
            id: 'moves',
            effect: 'require_approval',
            tools: ['projects.transition'],
            principals: ['member'],
            when: { '==': [{ var: 'input.to' }, 'Done'] },
          },
        ],
        budgets: { perExecution: { maxWrites: 2 }, perDay: { maxUnits: 100 } },
      }),
    ).toEqual([]);
  });

  it('should name each problem at its JSON path', () => {
    const problems = policyProblems({
      rules: [
        { id: 'a', effect: 'allow', tools: ['x'] },
        { id: 'a', effect: 'permit', tools: [] },
        { id: 'c', effect: 'permit', tools: ['*'], when: { frobnicate: [1] } },
        { effect: 'permit', tools: ['*'], extra: true },
      ],
      budgets: { perExecution: { maxWrites: -1 } },
    });

    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining([
        '$.rules[0].effect',
        '$.rules[1].tools',
        '$.rules[3].id',
        '$.rules[3].extra',
        '$.budgets.perExecution.maxWrites',
      ]),
    );
  });

  it('should refuse a duplicate rule id and a condition that is not JSON-logic, at their paths', () => {
    const problems = policyProblems({
      rules: [
        { id: 'a', effect: 'permit', tools: ['x'] },
        { id: 'a', effect: 'permit', tools: ['y'], when: { and: [true, { frobnicate: [1] }] } },
      ],
    });

    expect(problems.map((problem) => problem.path)).toEqual(['$.rules[1].id', '$.rules[1].when.and[1]']);
  });
});

describe('policyProblems on guardrails', () => {
  const rules = [{ id: 'reads', effect: 'permit', tools: ['@readOnly'] }];

  it('should accept turning redaction kinds on and off', () => {
    expect(policyProblems({ rules, guardrails: { redact: { email: false, card: true } } })).toEqual([]);
  });

  it('should refuse an unknown kind and a value that is not a boolean, at their paths', () => {
    const problems = policyProblems({ rules, guardrails: { redact: { phone: false, email: 'no' } } });

    expect(problems.map((problem) => problem.path).sort()).toEqual([
      '$.guardrails.redact.email',
      '$.guardrails.redact.phone',
    ]);
  });
});
