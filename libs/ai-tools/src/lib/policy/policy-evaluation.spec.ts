import type { DecisionPrincipal } from '../decisions/ai-decision.entity';
import type { PolicyRule } from './policy-document';
import { evaluatePolicy, toolPatternMatches } from './policy-evaluation';

const member: DecisionPrincipal = { type: 'user', id: 'u1', role: 'member' };
const apiKey: DecisionPrincipal = { type: 'api-key', id: 'k1', role: null };
const read = { name: 'projects.get', readOnly: true };
const transition = { name: 'projects.transition', readOnly: false };

const call = (tool = read, principal = member, input: unknown = {}) => ({ tool, input, principal, context: {} });

describe('evaluatePolicy', () => {
  it('should deny every call when the workspace has no policy', () => {
    expect(evaluatePolicy(null, call())).toMatchObject({ effect: 'deny', matchedRules: [] });
  });

  it('should deny by default a call no rule matches', () => {
    const rules: PolicyRule[] = [{ id: 'reads', effect: 'permit', tools: ['@readOnly'] }];

    expect(evaluatePolicy(rules, call(transition)).effect).toBe('deny');
    expect(evaluatePolicy(rules, call(read))).toMatchObject({ effect: 'permit', matchedRules: ['reads'] });
  });

  it('should let forbid win over require_approval and permit, and require_approval over permit', () => {
    const rules: PolicyRule[] = [
      { id: 'all', effect: 'permit', tools: ['*'] },
      { id: 'ask', effect: 'require_approval', tools: ['projects.*'] },
      {
        id: 'never-done',
        effect: 'forbid',
        tools: ['projects.transition'],
        when: { '==': [{ var: 'input.to' }, 'Done'] },
      },
    ];

    expect(evaluatePolicy(rules, call(transition, member, { to: 'Done' }))).toMatchObject({
      effect: 'forbid',
      matchedRules: ['never-done'],
    });
    expect(evaluatePolicy(rules, call(transition, member, { to: 'In progress' }))).toMatchObject({
      effect: 'require_approval',
      matchedRules: ['ask'],
    });
    expect(evaluatePolicy(rules, call({ name: 'automations.list', readOnly: true }))).toMatchObject({
      effect: 'permit',
      matchedRules: ['all'],
    });
  });

  it('should match principals by role key, and API keys by "api-key"', () => {
    const rules: PolicyRule[] = [
      { id: 'members', effect: 'permit', tools: ['*'], principals: ['member'] },
      { id: 'keys', effect: 'forbid', tools: ['*'], principals: ['api-key'] },
    ];

    expect(evaluatePolicy(rules, call(read, member)).effect).toBe('permit');
    expect(evaluatePolicy(rules, call(read, apiKey)).effect).toBe('forbid');
    expect(evaluatePolicy(rules, call(read, { type: 'user', id: 'u2', role: 'viewer' })).effect).toBe('deny');
  });

  it('should not match a rule whose condition throws or reads what is missing', () => {
    const rules: PolicyRule[] = [
      { id: 'big', effect: 'permit', tools: ['*'], when: { '>': [{ var: 'input.limit' }, 10] } },
    ];

    expect(evaluatePolicy(rules, call(read, member, {})).effect).toBe('deny');
    expect(evaluatePolicy(rules, call(read, member, { limit: 11 })).effect).toBe('permit');
  });
});

describe('toolPatternMatches', () => {
  it('should match names exactly, globs across dots, and @readOnly on read-only tools only', () => {
    expect(toolPatternMatches('projects.get', read)).toBe(true);
    expect(toolPatternMatches('projects.ge', read)).toBe(false);
    expect(toolPatternMatches('projects.*', transition)).toBe(true);
    expect(toolPatternMatches('*.get', read)).toBe(true);
    expect(toolPatternMatches('comments.*', read)).toBe(false);
    expect(toolPatternMatches('@readOnly', read)).toBe(true);
    expect(toolPatternMatches('@readOnly', transition)).toBe(false);
  });
});
