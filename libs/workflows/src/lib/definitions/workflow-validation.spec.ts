import { PERMISSION_CATALOG } from '@keel/tenancy';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { WorkflowDefinition, WorkflowState, WorkflowTransition } from './workflow-definition';
import { workflowProblems } from './workflow-validation';

/** Open → Doing → Closed, and reopen: a small workflow with no problems, indices easy to count. */
const STATES: WorkflowState[] = [
  { name: 'Open', category: 'todo' },
  { name: 'Doing', category: 'in_progress' },
  { name: 'Closed', category: 'done' },
];
const TRANSITIONS: WorkflowTransition[] = [
  { name: 'Start', from: ['Open'], to: 'Doing' },
  { name: 'Finish', from: ['Doing'], to: 'Closed' },
  { name: 'Reopen', from: ['Closed'], to: 'Open' },
];

function definition(changes: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  return { states: STATES, transitions: TRANSITIONS, initialState: 'Open', ...changes };
}

/** The small workflow with `extra` transitions after its own three (so the first extra one is at index 3). */
function withTransitions(...extra: WorkflowTransition[]): WorkflowDefinition {
  return definition({ transitions: [...TRANSITIONS, ...extra] });
}

/** The small workflow with `extra` states after its own three, and `extra` transitions. */
function withStates(states: WorkflowState[], transitions: WorkflowTransition[] = []): WorkflowDefinition {
  return definition({ states: [...STATES, ...states], transitions: [...TRANSITIONS, ...transitions] });
}

/** The small workflow with `logic` as the rule of its transition at `index`. */
function withRule(index: number, logic: Record<string, unknown>): WorkflowDefinition {
  return definition({
    transitions: TRANSITIONS.map((transition, at) =>
      at === index ? { ...transition, conditions: { rule: { logic, message: 'Not yet.' } } } : transition,
    ),
  });
}

function problem(path: string, field: string, rule: string, mentioning: string) {
  return { path, field, rule, message: expect.stringContaining(mentioning) };
}

describe('workflowProblems', () => {
  it('should find no problem in the default workflow', () => {
    expect(workflowProblems(DEFAULT_WORKFLOW)).toEqual([]);
  });

  it('should find no problem in a small workflow that makes sense', () => {
    expect(workflowProblems(definition())).toEqual([]);
  });

  describe('states', () => {
    it('should report a duplicate state name at the second state of that name', () => {
      const problems = workflowProblems(withStates([{ name: 'Doing', category: 'in_progress' }]));
      expect(problems).toEqual([problem('$.states[3].name', 'states.3.name', 'unique', '"Doing"')]);
    });

    it('should report a state named "*", which transitions read as "any state"', () => {
      const problems = workflowProblems(
        withStates([{ name: '*', category: 'todo' }], [{ name: 'Park', from: ['Open'], to: '*' }]),
      );
      expect(problems).toEqual([problem('$.states[3].name', 'states.3.name', 'reservedName', '"*"')]);
    });

    it('should report an initial state that is not one of the states', () => {
      expect(workflowProblems(definition({ initialState: 'Nowhere' }))).toEqual([
        problem('$.initialState', 'initialState', 'knownState', '"Nowhere"'),
      ]);
    });

    // The DTO lets a body without initialState through, so that it is reported here at its path.
    it.each<[string, unknown]>([
      ['left out', undefined],
      ['null', null],
      ['empty', ''],
    ])('should report an initial state that is %s as required', (_what, initialState) => {
      const problems = workflowProblems(definition({ initialState: initialState as string }));
      expect(problems).toEqual([problem('$.initialState', 'initialState', 'required', 'initial state')]);
    });

    it('should do not report unreachable states when there is no initial state', () => {
      const problems = workflowProblems(definition({ initialState: undefined as unknown as string }));
      expect(problems.map((found) => found.rule)).toEqual(['required']);
    });

    it('should report a workflow without any state in the done category', () => {
      const states = STATES.map((state): WorkflowState =>
        state.category === 'done' ? { ...state, category: 'cancelled' } : state,
      );
      expect(workflowProblems(definition({ states }))).toEqual([problem('$.states', 'states', 'doneState', '"done"')]);
    });

    it('should accept a done state that is not the last one', () => {
      const states: WorkflowState[] = [STATES[2], STATES[0], STATES[1]];
      expect(workflowProblems(definition({ states }))).toEqual([]);
    });
  });

  describe('transitions', () => {
    it('should report a duplicate transition name at the second transition of that name', () => {
      const problems = workflowProblems(withTransitions({ name: 'Start', from: ['Closed'], to: 'Doing' }));
      expect(problems).toEqual([problem('$.transitions[3].name', 'transitions.3.name', 'unique', '"Start"')]);
    });

    it('should report a transition to an unknown state at its JSON path', () => {
      const problems = workflowProblems(withTransitions({ name: 'Ship', from: ['Closed'], to: 'Shipped' }));
      expect(problems).toEqual([problem('$.transitions[3].to', 'transitions.3.to', 'knownState', '"Shipped"')]);
    });

    it('should report an unknown state in "from" at its index', () => {
      const problems = workflowProblems(withTransitions({ name: 'Resume', from: ['Closed', 'Paused'], to: 'Doing' }));
      expect(problems).toEqual([problem('$.transitions[3].from[1]', 'transitions.3.from.1', 'knownState', '"Paused"')]);
    });

    it('should report "*" mixed with other states in "from"', () => {
      const problems = workflowProblems(
        withStates(
          [{ name: 'Dropped', category: 'cancelled' }],
          [{ name: 'Drop', from: ['Open', '*'], to: 'Dropped' }],
        ),
      );
      expect(problems).toEqual([problem('$.transitions[3].from[1]', 'transitions.3.from.1', 'anyAlone', '"*"')]);
    });

    it('should accept "*" alone in "from"', () => {
      const problems = workflowProblems(
        withStates([{ name: 'Dropped', category: 'cancelled' }], [{ name: 'Drop', from: ['*'], to: 'Dropped' }]),
      );
      expect(problems).toEqual([]);
    });

    it('should report a transition from a state to itself', () => {
      const problems = workflowProblems(withTransitions({ name: 'Bump', from: ['Closed', 'Doing'], to: 'Doing' }));
      expect(problems).toEqual([problem('$.transitions[3].from[1]', 'transitions.3.from.1', 'notSelf', '"Doing"')]);
    });

    it('should report a second transition from the same state to the same target', () => {
      const problems = workflowProblems(withTransitions({ name: 'Wrap up', from: ['Doing'], to: 'Closed' }));
      expect(problems).toEqual([problem('$.transitions[3]', 'transitions.3', 'uniquePath', '"Finish"')]);
    });

    it('should report a from-any transition that overlaps an explicit one, once', () => {
      const problems = workflowProblems(withTransitions({ name: 'Close anyway', from: ['*'], to: 'Closed' }));
      expect(problems).toEqual([problem('$.transitions[3]', 'transitions.3', 'uniquePath', '"Finish"')]);
    });

    it('should report every transition that repeats a path, even after one that repeats two', () => {
      // "Wrap up" repeats Doing → Closed ("Finish") and "Close" repeats Open → Closed ("Wrap up").
      const problems = workflowProblems(
        definition({
          states: [STATES[1], STATES[0], STATES[2]],
          transitions: [
            { name: 'Finish', from: ['Doing'], to: 'Closed' },
            { name: 'Wrap up', from: ['Doing', 'Open'], to: 'Closed' },
            { name: 'Close', from: ['Open'], to: 'Closed' },
            { name: 'Start', from: ['Open'], to: 'Doing' },
          ],
        }),
      );
      expect(problems).toEqual([
        problem('$.transitions[1]', 'transitions.1', 'uniquePath', '"Finish"'),
        problem('$.transitions[2]', 'transitions.2', 'uniquePath', '"Wrap up"'),
      ]);
    });

    it('should report a permission that is not in the permission catalog', () => {
      expect(Object.keys(PERMISSION_CATALOG)).not.toContain('projects:fly');
      const transitions = TRANSITIONS.map((transition, index) =>
        index === 1 ? { ...transition, permission: 'projects:fly' } : transition,
      );
      expect(workflowProblems(definition({ transitions }))).toEqual([
        problem('$.transitions[1].permission', 'transitions.1.permission', 'permission', '"projects:fly"'),
      ]);
    });

    it('should accept a permission from the permission catalog', () => {
      expect(Object.keys(PERMISSION_CATALOG)).toContain('workflow:write');
      const transitions = TRANSITIONS.map((transition, index) =>
        index === 1 ? { ...transition, permission: 'workflow:write' } : transition,
      );
      expect(workflowProblems(definition({ transitions }))).toEqual([]);
    });
  });

  describe('required fields', () => {
    /** The small workflow with `requiredFields` on its transition at `index`. */
    function requiring(index: number, requiredFields: string[]): WorkflowDefinition {
      return definition({
        transitions: TRANSITIONS.map((transition, at) =>
          at === index ? { ...transition, conditions: { requiredFields } } : transition,
        ) as WorkflowTransition[],
      });
    }

    it('should accept the project fields a transition can require', () => {
      expect(workflowProblems(requiring(1, ['name', 'description']))).toEqual([]);
    });

    // The DTO checks only that they are strings, so that an unknown one is reported here at its path.
    it('should report each name that is not a requirable field at its index', () => {
      const problems = workflowProblems(requiring(0, ['description', 'owner', 'state']));
      expect(problems).toEqual([
        problem(
          '$.transitions[0].conditions.requiredFields[1]',
          'transitions.0.conditions.requiredFields.1',
          'requirableField',
          '"owner"',
        ),
        problem(
          '$.transitions[0].conditions.requiredFields[2]',
          'transitions.0.conditions.requiredFields.2',
          'requirableField',
          '"state"',
        ),
      ]);
    });
  });

  describe('rules', () => {
    it('should accept a rule that parses', () => {
      const logic = { and: [{ '!=': [{ var: 'project.description' }, ''] }, { '!!': { var: 'comment' } }] };
      expect(workflowProblems(withRule(1, logic))).toEqual([]);
    });

    it('should report an unknown operator hidden behind a short-circuit at its path in the rule', () => {
      const problems = workflowProblems(withRule(1, { and: [false, { bogus: [1] }] }));
      expect(problems).toEqual([
        problem(
          '$.transitions[1].conditions.rule.logic.and[1]',
          'transitions.1.conditions.rule.logic.and.1',
          'jsonLogic',
          '"bogus"',
        ),
      ]);
    });

    it('should report an unknown operator below a symbol operator with a bracket path and a dotted field', () => {
      const problems = workflowProblems(withRule(0, { '==': [1, { bogus: [1] }] }));
      expect(problems).toEqual([
        problem(
          "$.transitions[0].conditions.rule.logic['=='][1]",
          'transitions.0.conditions.rule.logic.==.1',
          'jsonLogic',
          '"bogus"',
        ),
      ]);
    });

    // The DTO lets any logic through, so that one that is not an expression is reported here at its path.
    it.each<[string, unknown]>([
      ['a string', 'nope'],
      ['a number', 42],
      ['an array', [{ '==': [1, 1] }]],
      ['null', null],
      ['missing', undefined],
    ])('should report logic that is %s at the path of the logic', (_what, logic) => {
      const problems = workflowProblems(withRule(0, logic as Record<string, unknown>));
      expect(problems).toEqual([
        problem(
          '$.transitions[0].conditions.rule.logic',
          'transitions.0.conditions.rule.logic',
          'jsonLogic',
          'JSON-logic expression',
        ),
      ]);
    });

    it('should refuse the log operator', () => {
      const problems = workflowProblems(withRule(2, { log: 'reopened' }));
      expect(problems).toEqual([
        problem('$.transitions[2].conditions.rule.logic', 'transitions.2.conditions.rule.logic', 'jsonLogic', '"log"'),
      ]);
    });

    it('should refuse the log operator nested in a rule', () => {
      const problems = workflowProblems(withRule(2, { or: [true, { log: 'reopened' }] }));
      expect(problems).toEqual([
        problem(
          '$.transitions[2].conditions.rule.logic.or[1]',
          'transitions.2.conditions.rule.logic.or.1',
          'jsonLogic',
          '"log"',
        ),
      ]);
    });
  });

  describe('reachability', () => {
    it('should report a state that cannot be reached from the initial state', () => {
      const problems = workflowProblems(withStates([{ name: 'Limbo', category: 'todo' }]));
      expect(problems).toEqual([problem('$.states[3]', 'states.3', 'reachable', '"Limbo"')]);
    });

    it('should report states reachable only from an unreachable state', () => {
      const problems = workflowProblems(
        withStates(
          [
            { name: 'Limbo', category: 'todo' },
            { name: 'Purgatory', category: 'cancelled' },
          ],
          [{ name: 'Sink', from: ['Limbo'], to: 'Purgatory' }],
        ),
      );
      expect(problems).toEqual([
        problem('$.states[3]', 'states.3', 'reachable', '"Limbo"'),
        problem('$.states[4]', 'states.4', 'reachable', '"Purgatory"'),
      ]);
    });

    it('should count a state reached by a from-any transition as reachable', () => {
      const dropped: WorkflowState = { name: 'Dropped', category: 'cancelled' };
      expect(workflowProblems(withStates([dropped]))).toEqual([
        problem('$.states[3]', 'states.3', 'reachable', '"Dropped"'),
      ]);
      expect(workflowProblems(withStates([dropped], [{ name: 'Drop', from: ['*'], to: 'Dropped' }]))).toEqual([]);
    });

    it('should count states reached only through a from-any transition as reachable', () => {
      // Only "*" leaves the initial state: everything else is reached through it.
      const problems = workflowProblems(
        definition({
          transitions: [
            { name: 'Close', from: ['*'], to: 'Closed' },
            { name: 'Resume', from: ['Closed'], to: 'Doing' },
          ],
        }),
      );
      expect(problems).toEqual([]);
    });

    it('should do not report unreachable states when the initial state is unknown', () => {
      const problems = workflowProblems(withStates([{ name: 'Limbo', category: 'todo' }]));
      expect(problems.map((found) => found.rule)).toEqual(['reachable']);
      const unknownStart = { ...withStates([{ name: 'Limbo', category: 'todo' }]), initialState: 'Nowhere' };
      expect(workflowProblems(unknownStart).map((found) => found.rule)).toEqual(['knownState']);
    });
  });

  it('should report several problems at once, each at its own path', () => {
    const problems = workflowProblems({
      states: [
        { name: 'Open', category: 'todo' },
        { name: 'Open', category: 'in_progress' },
        { name: 'Closed', category: 'cancelled' },
      ],
      transitions: [
        { name: 'Close', from: ['Open'], to: 'Closed' },
        { name: 'Close', from: ['Closed'], to: 'Shipped', permission: 'projects:fly' },
        {
          name: 'Loop',
          from: ['Closed', '*'],
          to: 'Closed',
          conditions: { rule: { logic: { log: 1 }, message: 'x' } },
        },
      ],
      initialState: 'Open',
    });
    expect(problems.map(({ path, rule }) => [path, rule])).toEqual([
      ['$.states[1].name', 'unique'],
      ['$.states', 'doneState'],
      ['$.transitions[1].name', 'unique'],
      ['$.transitions[1].to', 'knownState'],
      ['$.transitions[1].permission', 'permission'],
      ['$.transitions[2].from[0]', 'notSelf'],
      ['$.transitions[2].from[1]', 'anyAlone'],
      ['$.transitions[2]', 'uniquePath'],
      ['$.transitions[2].conditions.rule.logic', 'jsonLogic'],
    ]);
  });

  it('should report a broken transition and the state it leaves unreachable together', () => {
    const transitions = TRANSITIONS.map((transition, index) =>
      index === 1 ? { ...transition, to: 'Finished' } : transition,
    );
    expect(workflowProblems(definition({ transitions }))).toEqual([
      problem('$.transitions[1].to', 'transitions.1.to', 'knownState', '"Finished"'),
      problem('$.states[2]', 'states.2', 'reachable', '"Closed"'),
    ]);
  });
});
