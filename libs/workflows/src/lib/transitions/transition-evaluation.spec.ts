import { DEFAULT_WORKFLOW } from '../definitions/default-workflow';
import { WorkflowDefinition, WorkflowTransition } from '../definitions/workflow-definition';
import { workflowProblems } from '../definitions/workflow-validation';
import type { ProjectFacts } from '../projects/project-facts';
import { evaluateTransition, failedConditions, permissionsFor } from './transition-evaluation';

function facts(changes: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    id: '6f1c2d4e-0000-4000-8000-000000000001',
    key: 'KEEL-1',
    name: 'Launch',
    description: 'Ship the first release.',
    state: 'In progress',
    stateCategory: 'in_progress',
    workflowVersion: 1,
    version: 3,
    archived: false,
    ...changes,
  };
}

/** Holds exactly `permissions`. */
function holding(...permissions: string[]): (permission: string) => boolean {
  return (permission) => permissions.includes(permission);
}

const TRANSITIONER = holding('projects:transition');

/** The default workflow with `Complete` (In progress/In review → Done) changed by `changes`. */
function withComplete(changes: Partial<WorkflowTransition>): WorkflowDefinition {
  return {
    ...DEFAULT_WORKFLOW,
    transitions: DEFAULT_WORKFLOW.transitions.map((transition) =>
      transition.name === 'Complete' ? { ...transition, ...changes } : transition,
    ),
  };
}

const COMPLETE = { name: 'Complete', from: ['In progress', 'In review'], to: 'Done' };

const DESCRIBED_RULE = {
  logic: { '!=': [{ var: 'project.description' }, ''] },
  message: 'Describe the project before completing it.',
};

/** The default workflow with Cancel from any state instead of from the open ones. */
const CANCEL_FROM_ANYWHERE: WorkflowDefinition = {
  ...DEFAULT_WORKFLOW,
  transitions: DEFAULT_WORKFLOW.transitions.map((transition) =>
    transition.name === 'Cancel' ? { ...transition, from: ['*'] } : transition,
  ),
};

describe('permissionsFor', () => {
  it('should need projects:transition for a transition without a permission of its own', () => {
    expect(permissionsFor(COMPLETE)).toEqual(['projects:transition']);
  });

  it('should need projects:transition once when the transition names it', () => {
    expect(permissionsFor({ ...COMPLETE, permission: 'projects:transition' })).toEqual(['projects:transition']);
  });

  it('should need projects:transition and the permission of the transition', () => {
    expect(permissionsFor({ ...COMPLETE, permission: 'workflow:write' })).toEqual([
      'projects:transition',
      'workflow:write',
    ]);
  });
});

describe('failedConditions', () => {
  it('should find nothing failing for a transition without conditions', () => {
    expect(failedConditions(COMPLETE, facts({ description: '' }), undefined)).toEqual([]);
  });

  it.each<[string, string | undefined]>([
    ['no comment', undefined],
    ['an empty comment', ''],
    ['a comment of whitespace', '  \n\t '],
  ])('should fail a required comment with %s', (_what, comment) => {
    const transition = { ...COMPLETE, conditions: { commentRequired: true } };
    expect(failedConditions(transition, facts(), comment)).toEqual([
      { condition: 'commentRequired', message: '"Complete" needs a comment.' },
    ]);
  });

  it('should accept a required comment that has text', () => {
    const transition = { ...COMPLETE, conditions: { commentRequired: true } };
    expect(failedConditions(transition, facts(), ' Shipped. ')).toEqual([]);
  });

  it.each(['', '   '])('should fail a required description of %p, naming the field', (description) => {
    const transition: WorkflowTransition = { ...COMPLETE, conditions: { requiredFields: ['description'] } };
    expect(failedConditions(transition, facts({ description }), undefined)).toEqual([
      { condition: 'requiredField', field: 'description', message: '"Complete" needs the description to be set.' },
    ]);
  });

  it('should accept a required field that is set', () => {
    const transition: WorkflowTransition = { ...COMPLETE, conditions: { requiredFields: ['name', 'description'] } };
    expect(failedConditions(transition, facts(), undefined)).toEqual([]);
  });

  it('should fail a rule over the project description with the message of the rule', () => {
    const transition = { ...COMPLETE, conditions: { rule: DESCRIBED_RULE } };
    expect(failedConditions(transition, facts({ description: '' }), 'done')).toEqual([
      { condition: 'rule', message: 'Describe the project before completing it.' },
    ]);
    expect(failedConditions(transition, facts(), 'done')).toEqual([]);
  });

  it('should give a rule the comment, and null for no comment', () => {
    const rule = { logic: { '==': [{ var: 'comment' }, null] }, message: 'Say nothing.' };
    const transition = { ...COMPLETE, conditions: { rule } };
    expect(failedConditions(transition, facts(), undefined)).toEqual([]);
    expect(failedConditions(transition, facts(), 'hello')).toEqual([{ condition: 'rule', message: 'Say nothing.' }]);
  });

  it('should list every failing condition: comment, then fields, then rule', () => {
    const transition: WorkflowTransition = {
      ...COMPLETE,
      conditions: { rule: DESCRIBED_RULE, requiredFields: ['name', 'description'], commentRequired: true },
    };
    const failed = failedConditions(transition, facts({ name: ' ', description: '' }), '');
    expect(failed.map(({ condition, field }) => [condition, field])).toEqual([
      ['commentRequired', undefined],
      ['requiredField', 'name'],
      ['requiredField', 'description'],
      ['rule', undefined],
    ]);
  });
});

describe('evaluateTransition', () => {
  it('should allow a transition from the current state, with no failures and the matching transition', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'In review', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation).toEqual({
      transition: { name: 'Submit for review', from: ['In progress'], to: 'In review' },
      failures: [],
      allowedTargets: ['In review', 'Done', 'Cancelled'],
    });
  });

  it('should refuse an archived project with PROJECT_ARCHIVED first', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts({ archived: true }),
      { to: 'In review', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation.failures).toEqual([{ code: 'PROJECT_ARCHIVED', detail: expect.stringContaining('archived') }]);
    expect(evaluation.transition?.name).toBe('Submit for review');
  });

  it('should refuse a stale expected version with VERSION_CONFLICT', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'In review', expectedVersion: 2 },
      TRANSITIONER,
    );
    expect(evaluation.failures).toEqual([{ code: 'VERSION_CONFLICT', detail: 'The project is at version 3, not 2.' }]);
  });

  it('should refuse an unknown target with TRANSITION_NOT_ALLOWED and lists the targets open from the current state', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'Shipped', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation).toEqual({
      failures: [{ code: 'TRANSITION_NOT_ALLOWED', detail: 'No transition leads from "In progress" to "Shipped".' }],
      allowedTargets: ['In review', 'Done', 'Cancelled'],
    });
  });

  it('should refuse a known state that no transition leads to from the current state', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts({ state: 'Backlog', stateCategory: 'todo' }),
      { to: 'Done', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation.transition).toBeUndefined();
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['TRANSITION_NOT_ALLOWED']);
    expect(evaluation.allowedTargets).toEqual(['Planned', 'In progress', 'Cancelled']);
  });

  it('should refuse the current state as a target', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'In progress', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['TRANSITION_NOT_ALLOWED']);
  });

  it("should do not check the transition's permission or conditions when no transition leads to the target", () => {
    const definition = withComplete({ permission: 'workflow:write', conditions: { commentRequired: true } });
    const evaluation = evaluateTransition(
      definition,
      facts({ state: 'Backlog', stateCategory: 'todo' }),
      { to: 'Done', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['TRANSITION_NOT_ALLOWED']);
  });

  const ROUTE_DENIED = {
    code: 'PERMISSION_DENIED',
    detail: 'A transition needs the permission projects:transition.',
    permission: 'projects:transition',
  };

  it('should refuse a caller without projects:transition with PERMISSION_DENIED', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'Done', expectedVersion: 3 },
      holding('projects:read'),
    );
    expect(evaluation.failures).toEqual([ROUTE_DENIED]);
  });

  // The route's guard refuses such a caller before the request reaches any other check.
  it('should check projects:transition before archived, version and target, as the request meets them', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts({ archived: true }),
      { to: 'Backlog', expectedVersion: 2 },
      holding('projects:read'),
    );
    expect(evaluation.failures).toEqual([
      ROUTE_DENIED,
      { code: 'PROJECT_ARCHIVED', detail: expect.any(String) },
      { code: 'VERSION_CONFLICT', detail: 'The project is at version 3, not 2.' },
      { code: 'TRANSITION_NOT_ALLOWED', detail: expect.any(String) },
    ]);
  });

  it('should put PERMISSION_DENIED first for a caller without projects:transition and a stale version', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts(),
      { to: 'Done', expectedVersion: 2 },
      holding('projects:read'),
    );
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['PERMISSION_DENIED', 'VERSION_CONFLICT']);
  });

  describe('a transition with a permission of its own', () => {
    const definition = withComplete({ permission: 'workflow:write' });
    const evaluate = (holds: (permission: string) => boolean) =>
      evaluateTransition(definition, facts(), { to: 'Done', expectedVersion: 3 }, holds);

    it('should be allowed to a caller holding projects:transition and that permission', () => {
      expect(evaluate(holding('projects:transition', 'workflow:write')).failures).toEqual([]);
    });

    it('should be refused to a caller holding only projects:transition, naming the missing permission', () => {
      expect(evaluate(TRANSITIONER).failures).toEqual([
        {
          code: 'PERMISSION_DENIED',
          detail: '"Complete" needs the permission workflow:write.',
          permission: 'workflow:write',
        },
      ]);
    });

    it('should be refused to a caller holding only its permission, naming projects:transition', () => {
      expect(evaluate(holding('workflow:write')).failures).toEqual([ROUTE_DENIED]);
    });

    it('should be refused to a caller holding neither: projects:transition first, then its own permission', () => {
      expect(evaluate(holding()).failures).toEqual([
        ROUTE_DENIED,
        {
          code: 'PERMISSION_DENIED',
          detail: '"Complete" needs the permission workflow:write.',
          permission: 'workflow:write',
        },
      ]);
    });

    it('should be allowed to a caller holding projects:transition when that is the permission it names', () => {
      const own = withComplete({ permission: 'projects:transition' });
      expect(evaluateTransition(own, facts(), { to: 'Done', expectedVersion: 3 }, TRANSITIONER).failures).toEqual([]);
    });
  });

  it.each<[string, string | undefined]>([
    ['without a comment', undefined],
    ['with a blank comment', '   '],
  ])('should refuse a transition that needs a comment %s', (_what, comment) => {
    const evaluation = evaluateTransition(
      withComplete({ conditions: { commentRequired: true } }),
      facts(),
      { to: 'Done', expectedVersion: 3, comment },
      TRANSITIONER,
    );
    expect(evaluation.failures).toEqual([
      {
        code: 'TRANSITION_CONDITION_FAILED',
        detail: '"Complete" needs a comment.',
        failedCondition: { condition: 'commentRequired', message: '"Complete" needs a comment.' },
      },
    ]);
  });

  it('should allow a transition that needs a comment when one is given', () => {
    const evaluation = evaluateTransition(
      withComplete({ conditions: { commentRequired: true } }),
      facts(),
      { to: 'Done', expectedVersion: 3, comment: 'Released as 1.0.' },
      TRANSITIONER,
    );
    expect(evaluation.failures).toEqual([]);
  });

  it('should refuse a transition that needs a description while it is empty, naming the field', () => {
    const evaluation = evaluateTransition(
      withComplete({ conditions: { requiredFields: ['description'] } }),
      facts({ description: '' }),
      { to: 'Done', expectedVersion: 3 },
      TRANSITIONER,
    );
    expect(evaluation.failures).toEqual([
      {
        code: 'TRANSITION_CONDITION_FAILED',
        detail: '"Complete" needs the description to be set.',
        failedCondition: {
          condition: 'requiredField',
          field: 'description',
          message: '"Complete" needs the description to be set.',
        },
      },
    ]);
  });

  it('should refuse a transition whose rule over the project description does not hold, with the rule message', () => {
    const definition = withComplete({ conditions: { rule: DESCRIBED_RULE } });
    const request = { to: 'Done', expectedVersion: 3 };
    expect(evaluateTransition(definition, facts({ description: '' }), request, TRANSITIONER).failures).toEqual([
      {
        code: 'TRANSITION_CONDITION_FAILED',
        detail: 'Describe the project before completing it.',
        failedCondition: { condition: 'rule', message: 'Describe the project before completing it.' },
      },
    ]);
    expect(evaluateTransition(definition, facts(), request, TRANSITIONER).failures).toEqual([]);
  });

  it('should list every failure in the order the request is refused by', () => {
    const definition = withComplete({
      permission: 'workflow:write',
      conditions: { commentRequired: true, requiredFields: ['description'], rule: DESCRIBED_RULE },
    });
    const evaluation = evaluateTransition(
      definition,
      facts({ archived: true, description: '' }),
      { to: 'Done', expectedVersion: 1, comment: ' ' },
      TRANSITIONER,
    );
    expect(evaluation.failures.map(({ code, failedCondition }) => [code, failedCondition?.condition])).toEqual([
      ['PROJECT_ARCHIVED', undefined],
      ['VERSION_CONFLICT', undefined],
      ['PERMISSION_DENIED', undefined],
      ['TRANSITION_CONDITION_FAILED', 'commentRequired'],
      ['TRANSITION_CONDITION_FAILED', 'requiredField'],
      ['TRANSITION_CONDITION_FAILED', 'rule'],
    ]);
    expect(evaluation.transition?.name).toBe('Complete');
  });

  it('should list archived and version failures before a target that is not allowed', () => {
    const evaluation = evaluateTransition(
      DEFAULT_WORKFLOW,
      facts({ archived: true }),
      { to: 'Backlog', expectedVersion: 2 },
      TRANSITIONER,
    );
    expect(evaluation.failures.map((failure) => failure.code)).toEqual([
      'PROJECT_ARCHIVED',
      'VERSION_CONFLICT',
      'TRANSITION_NOT_ALLOWED',
    ]);
  });

  describe('a from-any transition', () => {
    it('should be a valid workflow', () => {
      expect(workflowProblems(CANCEL_FROM_ANYWHERE)).toEqual([]);
    });

    it.each(['Backlog', 'In review', 'Done'])('should lead from %s to its target', (state) => {
      const evaluation = evaluateTransition(
        CANCEL_FROM_ANYWHERE,
        facts({ state }),
        { to: 'Cancelled', expectedVersion: 3 },
        TRANSITIONER,
      );
      expect(evaluation.failures).toEqual([]);
      expect(evaluation.transition?.name).toBe('Cancel');
      expect(evaluation.allowedTargets).toContain('Cancelled');
    });

    it('should never lead from its target to itself', () => {
      const evaluation = evaluateTransition(
        CANCEL_FROM_ANYWHERE,
        facts({ state: 'Cancelled', stateCategory: 'cancelled' }),
        { to: 'Cancelled', expectedVersion: 3 },
        TRANSITIONER,
      );
      expect(evaluation.allowedTargets).toEqual(['Backlog']);
      expect(evaluation.transition).toBeUndefined();
      expect(evaluation.failures.map((failure) => failure.code)).toEqual(['TRANSITION_NOT_ALLOWED']);
    });
  });
});
