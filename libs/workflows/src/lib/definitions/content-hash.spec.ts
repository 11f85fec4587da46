import { createHash } from 'node:crypto';
import { contentHash } from './content-hash';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { WorkflowDefinition } from './workflow-definition';

/** `value` with the keys of every object in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([key, item]) => [key, reversedKeys(item)]),
    );
  }
  return value;
}

function changed(change: (definition: WorkflowDefinition) => void): WorkflowDefinition {
  const copy = structuredClone(DEFAULT_WORKFLOW);
  change(copy);
  return copy;
}

describe('contentHash', () => {
  it('should be "sha256:" and 64 lowercase hex digits', () => {
    expect(contentHash(DEFAULT_WORKFLOW)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('should be the SHA-256 of the definition as compact JSON with sorted keys', () => {
    const definition: WorkflowDefinition = {
      states: [{ name: 'Done', category: 'done' }],
      transitions: [],
      initialState: 'Done',
    };
    const canonical = '{"initialState":"Done","states":[{"category":"done","name":"Done"}],"transitions":[]}';
    expect(contentHash(definition)).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
  });

  it('should be the same for the same content', () => {
    expect(contentHash(structuredClone(DEFAULT_WORKFLOW))).toBe(contentHash(DEFAULT_WORKFLOW));
  });

  it('should be the same whatever order the object keys were written in', () => {
    const reordered = reversedKeys(DEFAULT_WORKFLOW) as WorkflowDefinition;
    expect(Object.keys(reordered)).toEqual(['initialState', 'transitions', 'states']);
    expect(contentHash(reordered)).toBe(contentHash(DEFAULT_WORKFLOW));

    const written: WorkflowDefinition = {
      initialState: 'Open',
      transitions: [
        { to: 'Done', from: ['Open'], name: 'Finish', conditions: { requiredFields: ['name'], commentRequired: true } },
      ],
      states: [
        { category: 'todo', name: 'Open' },
        { category: 'done', name: 'Done' },
      ],
    };
    const rewritten: WorkflowDefinition = {
      states: [
        { name: 'Open', category: 'todo' },
        { name: 'Done', category: 'done' },
      ],
      transitions: [
        { name: 'Finish', conditions: { commentRequired: true, requiredFields: ['name'] }, from: ['Open'], to: 'Done' },
      ],
      initialState: 'Open',
    };
    expect(contentHash(rewritten)).toBe(contentHash(written));
  });

  it('should sort the keys inside conditions and rules too', () => {
    const logic = { '==': [{ var: 'project.state' }, 'In review'] };
    const oneWay = changed((definition) => {
      definition.transitions[4].conditions = { commentRequired: true, rule: { logic, message: 'No.' } };
    });
    const otherWay = changed((definition) => {
      definition.transitions[4].conditions = { rule: { message: 'No.', logic }, commentRequired: true };
    });
    expect(contentHash(otherWay)).toBe(contentHash(oneWay));
  });

  it.each<[string, (definition: WorkflowDefinition) => void]>([
    ['the states', (definition) => definition.states.reverse()],
    ['the transitions', (definition) => definition.transitions.reverse()],
    ['the states a transition leaves from', (definition) => definition.transitions[1].from.reverse()],
  ])('should change when the order of %s changes', (_what, change) => {
    expect(contentHash(changed(change))).not.toBe(contentHash(DEFAULT_WORKFLOW));
  });

  it.each<[string, (definition: WorkflowDefinition) => void]>([
    ['a state is renamed', (definition) => (definition.states[0].name = 'Icebox')],
    ['a category changes', (definition) => (definition.states[3].category = 'todo')],
    ['the initial state changes', (definition) => (definition.initialState = 'Planned')],
    ['a transition is renamed', (definition) => (definition.transitions[0].name = 'Schedule')],
    ['a target changes', (definition) => (definition.transitions[6].to = 'Planned')],
    ['a permission is added', (definition) => (definition.transitions[4].permission = 'workflow:write')],
    ['a condition is added', (definition) => (definition.transitions[4].conditions = { commentRequired: true })],
    ['a state is added', (definition) => definition.states.push({ name: 'Icebox', category: 'todo' })],
    ['a transition is removed', (definition) => definition.transitions.pop()],
  ])('should change when %s', (_what, change) => {
    expect(contentHash(changed(change))).not.toBe(contentHash(DEFAULT_WORKFLOW));
  });

  it('should tell two different rule messages apart', () => {
    const withMessage = (message: string): WorkflowDefinition =>
      changed((definition) => {
        definition.transitions[4].conditions = { rule: { logic: { '!!': [1] }, message } };
      });
    expect(contentHash(withMessage('One.'))).not.toBe(contentHash(withMessage('Two.')));
  });

  it('should do not change for optional fields that are undefined', () => {
    const withUndefined = changed((definition) => {
      definition.transitions[0] = { ...definition.transitions[0], permission: undefined, conditions: undefined };
      definition.transitions[1].conditions = { commentRequired: true, requiredFields: undefined, rule: undefined };
    });
    const without = changed((definition) => {
      definition.transitions[1].conditions = { commentRequired: true };
    });
    expect(Object.keys(withUndefined.transitions[0])).toContain('permission');
    expect(contentHash(withUndefined)).toBe(contentHash(without));
  });
});
