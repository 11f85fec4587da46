import { ruleHolds } from '@keel/platform-rules';
import type { DecisionEffect, DecisionPrincipal } from '../decisions/ai-decision.entity';
import type { PolicyRule } from './policy-document';

/** What a rule is matched against. */
export interface PolicyCall {
  tool: { name: string; readOnly: boolean };
  input: unknown;
  principal: DecisionPrincipal;
  context: Record<string, unknown>;
}

export interface PolicyVerdict {
  effect: DecisionEffect;
  /** The ids of the rules that decided it: every matching rule of the winning effect. */
  matchedRules: string[];
  reason: string;
}

/** Whether `pattern` (a name, a `*` glob, or `@readOnly`) names the tool. */
export function toolPatternMatches(pattern: string, tool: { name: string; readOnly: boolean }): boolean {
  if (pattern === '@readOnly') return tool.readOnly;
  if (!pattern.includes('*')) return pattern === tool.name;
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(tool.name);
}

function principalMatches(rule: PolicyRule, principal: DecisionPrincipal): boolean {
  if (!rule.principals) return true;
  const key = principal.type === 'api-key' ? 'api-key' : principal.role;
  return key !== null && rule.principals.includes(key);
}

function ruleMatches(rule: PolicyRule, call: PolicyCall): boolean {
  if (!rule.tools.some((pattern) => toolPatternMatches(pattern, call.tool))) return false;
  if (!principalMatches(rule, call.principal)) return false;
  if (rule.when === undefined) return true;
  const data = {
    input: call.input,
    principal: call.principal,
    context: call.context,
  } as Record<string, unknown>;
  return ruleHolds(rule.when, data);
}

/**
 * Deny by default: `forbid` wins over everything, then `require_approval`,
 * then `permit`; with no matching rule (or no policy at all) the call is denied.
 */
export function evaluatePolicy(rules: readonly PolicyRule[] | null, call: PolicyCall): PolicyVerdict {
  const matching = (rules ?? []).filter((rule) => ruleMatches(rule, call));
  for (const effect of ['forbid', 'require_approval', 'permit'] as const) {
    const decided = matching.filter((rule) => rule.effect === effect).map((rule) => rule.id);
    if (decided.length > 0) {
      return { effect, matchedRules: decided, reason: reasonFor(effect, call.tool.name, decided) };
    }
  }
  return {
    effect: 'deny',
    matchedRules: [],
    reason: rules
      ? `No rule of the policy permits ${call.tool.name} for this principal: denied by default.`
      : 'The workspace has no AI policy: every tool call is denied by default.',
  };
}

function reasonFor(effect: 'forbid' | 'require_approval' | 'permit', tool: string, rules: string[]): string {
  const by = `rule${rules.length > 1 ? 's' : ''} ${rules.join(', ')}`;
  switch (effect) {
    case 'forbid':
      return `${tool} is forbidden by ${by}.`;
    case 'require_approval':
      return `${tool} needs approval under ${by}.`;
    case 'permit':
      return `${tool} is permitted by ${by}.`;
  }
}
