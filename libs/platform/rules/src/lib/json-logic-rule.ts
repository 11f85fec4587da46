import jsonLogic from 'json-logic-js';
import { jsonPathMember } from '@keel/platform-errors';

/**
 * The operators a rule may use: json-logic-js 2.0's own, but `log` (it writes
 * to the console). An unknown operator would only fail when evaluated, maybe
 * behind a short-circuit, so rules are checked node by node when saved.
 */
const OPERATORS = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
]);

export interface RuleProblem {
  /** JSON path below the rule, e.g. `.and[1]`. */
  at: string;
  message: string;
}

/** Why `rule` is not a JSON-logic expression we can evaluate, or undefined when it is one. */
export function ruleProblem(rule: unknown): RuleProblem | undefined {
  if (!jsonLogic.is_logic(rule)) {
    return { at: '', message: 'a rule is a JSON-logic expression: an object with exactly one operator key' };
  }
  return nodeProblem(rule, '');
}

function nodeProblem(node: unknown, at: string): RuleProblem | undefined {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const problem = nodeProblem(item, `${at}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!jsonLogic.is_logic(node)) return undefined;
  const expression = node as Record<string, unknown>;
  const operator = jsonLogic.get_operator(expression);
  if (!OPERATORS.has(operator)) return { at, message: `unknown JSON-logic operator "${operator}"` };
  return nodeProblem(expression[operator], `${at}${jsonPathMember(operator)}`);
}

/** Whether a (checked) rule holds for `data`; a rule that throws on odd data does not hold. */
export function ruleHolds(rule: Record<string, unknown>, data: Record<string, unknown>): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(rule, data));
  } catch {
    return false;
  }
}
